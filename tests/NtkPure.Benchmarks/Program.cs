using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(NtkPure.Benchmarks.GdBenchmarks).Assembly).Run(args);
