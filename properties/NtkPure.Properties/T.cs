namespace NtkPure.Properties; public class T { [FsCheck.Xunit.Property] public bool A(int x) => x + 0 == x; }
