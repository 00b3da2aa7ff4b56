// VigilDaemon
