using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ariadne.Server.Hosting;

/// <summary>The web host that <c>ariadne server</c> and <c>ariadne serve</c> start on.</summary>
internal static class ServerHost
{
    /// <summary>
    /// ASP.NET's slim builder, with warnings and errors (unexpected failures with their request id) on stderr as JSON
    /// lines, and without a watch on the working folder. By default the host reloads <c>appsettings.json</c> when it
    /// changes, and watches for that with a recursive inotify watch on its content root: the current folder, which is
    /// the workspace. On the quickstart project that was 406 watches. Every cache file and SQLite write the server made
    /// (a prediction log file each flush) then woke the watcher thread. Neither server reads <c>appsettings.json</c>.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
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
