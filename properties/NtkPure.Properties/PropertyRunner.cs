using FsCheck;
using Microsoft.FSharp.Core;
using NtkPure.Numerics;

namespace NtkPure.Properties;

/// <summary>
/// Runs FsCheck properties with a seed derived from the property's name: fixed by default (CI sees the same
/// cases every run), fresh with NTK_SEED=&lt;n&gt;, and ten times as many cases with NTK_LONG=1. The seed is in
/// every failure message so a failing case replays with NTK_SEED.
/// </summary>
public static class PropertyRunner
{
    public static ulong BaseSeed =>
        ulong.TryParse(Environment.GetEnvironmentVariable("NTK_SEED"), out var s) ? s : 20261124UL;

    public static bool Long => Environment.GetEnvironmentVariable("NTK_LONG") == "1";

    public static void Check(string name, Property property, int cases = 100)
    {
        ulong seed = Rng.Derive(BaseSeed, name);
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(Long ? 10 * cases : cases)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));
        try
        {
            FsCheck.Check.One(name, config, property);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{name} failed with NTK_SEED={BaseSeed} (property seed {seed}):\n{e.Message}");
        }
    }
}
