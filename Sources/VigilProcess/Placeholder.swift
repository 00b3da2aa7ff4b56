// VigilProcess
