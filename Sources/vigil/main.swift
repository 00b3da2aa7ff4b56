import ArgumentParser

VigilCommand.main()
