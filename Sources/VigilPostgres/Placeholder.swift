// VigilPostgres
