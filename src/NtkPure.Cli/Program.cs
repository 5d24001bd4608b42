using var interrupt = NtkPure.Cli.Interrupt.Install();
return NtkPure.Cli.Cli.Run(args, Console.Out, Console.Error, interrupt.Token);
