// VigilConfig
