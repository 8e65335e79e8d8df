using System.Diagnostics;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Examples;

/// <summary>
/// Runs examples/weather/run.sh once for its test class, against the built tool (ARIADNE = dotnet ariadne.dll next to
/// the tests): a real trainer build, a real 'ariadne serve' process, curl to /predict, labels, monitor run and check.
/// The workspace it leaves is what the tests look at.
/// </summary>
public sealed class WeatherExample : IDisposable
{
    private readonly TempFolder _temp = new();

    public WeatherExample()
    {
        Root = _temp.Combine("weather");
        var script = Path.Combine(Serving.PenguinsModel.RepositoryRoot(), "examples", "weather", "run.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(Root);
        info.Environment["ARIADNE"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "ariadne.dll")}";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        Output = stdout.Result + stderr.Result;
        ExitCode = process.ExitCode;
    }

    /// <summary>The workspace run.sh made (a copy of the example with .ariadne/, the seasons, the model, the logs).</summary>
    public string Root { get; }

    public string Output { get; }

    public int ExitCode { get; }

    public void Dispose() => _temp.Dispose();
}
