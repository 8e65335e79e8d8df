using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ariadne.Server.Hosting;

/// <summary>The web host that <c>ariadne server</c> and <c>ariadne serve</c> start on.</summary>
internal static class ServerHost
{
    /// <summary>
    /// ASP.NET's slim builder, configured by code alone, with warnings and errors (unexpected failures with their
    /// request id) on stderr as JSON lines.
    /// <list type="bullet">
    /// <item>No configuration from files or the environment. ASP.NET reads <c>appsettings.json</c> from its content
    /// root, the current folder, which is the workspace: a file committed to a cloned repository could add a Kestrel
    /// endpoint on 0.0.0.0, past the rule that a server without tokens listens on loopback only, or turn on trace
    /// logging of every request. The address, the port and the logging are Ariadne's options.</item>
    /// <item>No watch on the workspace. To reload <c>appsettings.json</c> when it changed, the host watched its content
    /// root with a recursive inotify watch: 406 watches on the quickstart project, woken by every cache file and SQLite
    /// write the server made (a prediction log file each flush).</item>
    /// </list>
    /// </summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddJsonConsole(console =>
        {
            console.TimestampFormat = "O";
            console.UseUtcTimestamp = true;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        return builder;
    }
}
