int vigil_cspawn_placeholder(void) { return 0; }
