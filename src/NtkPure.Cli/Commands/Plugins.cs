using System.Reflection;
using System.Runtime.Loader;
using NtkPure.Claims;
using NtkPure.Cli.IO;

namespace NtkPure.Cli.Commands;

/// <summary>
/// Claims from a user's assembly: every public static field or property of type <see cref="Claim"/> (or a
/// sequence of claims) on a public type. This is how a lemma ported to a check in one's own project runs
/// from the command line next to the catalog.
/// </summary>
public static class Plugins
{
    public static IReadOnlyList<Claim> Load(string path)
    {
        Assembly asm;
        try
        {
            asm = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, null, "no such file");
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or ArgumentException)
        {
            throw new InputException(path, null, "not a .NET assembly that can be loaded");
        }
        var claims = new List<Claim>();
        Type[] types;
        try
        {
            types = asm.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw new InputException(path, null, "its types cannot be loaded (is it built against this version of NtkPure?)");
        }
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Static;
        foreach (var t in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var f in t.GetFields(flags).OrderBy(f => f.Name, StringComparer.Ordinal))
                Collect(f.FieldType, () => f.GetValue(null), claims);
            foreach (var p in t.GetProperties(flags).Where(p => p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, StringComparer.Ordinal))
                Collect(p.PropertyType, () => p.GetValue(null), claims);
        }
        if (claims.Count == 0)
            throw new InputException(path, null, "defines no public static Claim");
        return claims;
    }

    private static void Collect(Type type, Func<object?> get, List<Claim> into)
    {
        if (type == typeof(Claim))
        {
            if (get() is Claim c)
                into.Add(c);
        }
        else if (typeof(IEnumerable<Claim>).IsAssignableFrom(type) && get() is IEnumerable<Claim> many)
            into.AddRange(many);
    }
}
