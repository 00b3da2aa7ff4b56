#pragma once
int vigil_cspawn_placeholder(void);
