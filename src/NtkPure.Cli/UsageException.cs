namespace NtkPure.Cli;

/// <summary>Bad arguments: reported as one line on stderr with exit code 2, before anything is written.</summary>
public sealed class UsageException(string message) : Exception(message);
