using System.Globalization;
using NtkPure.Cli.Output;
using Xunit;

namespace NtkPure.Tests.IO;

public sealed class JsonWriterTests
{
    [Fact]
    public void NonFiniteNumbersAreNullNeverNaNOrInfinity()
    {
        var text = new JsonObject().Add("nan", double.NaN).Add("inf", double.PositiveInfinity).Add("ninf", double.NegativeInfinity)
            .Add("list", new[] { 1.0, double.NaN }).ToJson();
        Assert.Equal("{\n  \"nan\": null,\n  \"inf\": null,\n  \"ninf\": null,\n  \"list\": [\n    1,\n    null\n  ]\n}\n", text.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("NaN", text);
        Assert.DoesNotContain("Infinity", text);
    }

    [Fact]
    public void KeysKeepTheirOrderAndNumbersTheirInvariantForm()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = NtkPure.Tests.Cli.ReproducibleBytesTests.HostileCulture();
            var text = new JsonObject().Add("z", -1.5).Add("a", 1e-300).Add("m", 12345678.25).ToJson();
            Assert.Equal("{\n  \"z\": -1.5,\n  \"a\": 1E-300,\n  \"m\": 12345678.25\n}\n", text.ReplaceLineEndings("\n"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
