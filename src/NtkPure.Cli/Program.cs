return NtkPure.Cli.Cli.Run(args, Console.Out, Console.Error);
