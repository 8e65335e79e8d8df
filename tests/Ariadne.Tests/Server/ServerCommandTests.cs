using System.Diagnostics;
using System.Text.RegularExpressions;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Server;

/// <summary>The 'ariadne server' command: inside a workspace it serves that workspace's store; it refuses open addresses without tokens.</summary>
public sealed partial class ServerCommandTests
{
    [Fact]
    public async Task Server_started_in_a_workspace_serves_that_workspaces_store_without_watching_its_folders()
    {
        using var workspace = new TempFolder();
        Assert.Equal(0, CliRunner.Run(workspace.Path, "init").ExitCode);
        Assert.Equal(0, CliRunner.Run(workspace.Path, "experiments", "create", "from-the-cli").ExitCode);

        using var process = Process.Start(CliRunner.ProcessStart(workspace.Path, "server", "--port", "0"))!;
        try
        {
            string? address = null;
            while (address is null && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                address = Address().Match(line) is { Success: true } match ? match.Value : null;
            }

            Assert.NotNull(address);
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var reply = await http.GetStringAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=from-the-cli");
            Assert.Contains("\"name\":\"from-the-cli\"", reply, StringComparison.Ordinal);
            Assert.Equal(0, Inotify.Instances(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Server_with_ARIADNE_TRACKING_URI_pointing_at_itself_serves_the_workspace_store_and_says_so()
    {
        using var workspace = new TempFolder();
        Assert.Equal(0, CliRunner.Run(workspace.Path, "init").ExitCode);
        Assert.Equal(0, CliRunner.Run(workspace.Path, "experiments", "create", "from-the-cli").ExitCode);
        int port;
        using (var free = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            free.Start();
            port = ((System.Net.IPEndPoint)free.LocalEndpoint).Port;
        }

        var start = CliRunner.ProcessStart(workspace.Path, "server", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["ARIADNE_TRACKING_URI"] = $"http://127.0.0.1:{port}";
        using var process = Process.Start(start)!;
        try
        {
            var banner = new System.Text.StringBuilder();
            while (!banner.ToString().Contains("artifacts:", StringComparison.Ordinal) && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                banner.Append(line).Append(' ');
            }

            var text = Regex.Replace(banner.ToString(), @"\s+", " ");
            Assert.Contains("workspace's store", text, StringComparison.Ordinal);
            Assert.Contains("never serves", text, StringComparison.Ordinal);
            Assert.Contains("ariadne.db", text, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var reply = await http.GetStringAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=from-the-cli");
            Assert.Contains("\"name\":\"from-the-cli\"", reply, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task An_appsettings_file_in_the_workspace_cannot_add_an_address_to_the_server()
    {
        // A cloned repository's appsettings.json would be read by ASP.NET's host from its content root (the workspace):
        // it must not open another endpoint (here on loopback, so the test can knock; 0.0.0.0 would be the attack).
        using var workspace = new TempFolder();
        Assert.Equal(0, CliRunner.Run(workspace.Path, "init").ExitCode);
        int other;
        using (var free = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            free.Start();
            other = ((System.Net.IPEndPoint)free.LocalEndpoint).Port;
        }

        File.WriteAllText(Path.Combine(workspace.Path, "appsettings.json"),
            $$"""{ "Kestrel": { "Endpoints": { "Extra": { "Url": "http://127.0.0.1:{{other}}" } } }, "Logging": { "LogLevel": { "Default": "Trace" } } }""");
        using var process = Process.Start(CliRunner.ProcessStart(workspace.Path, "server", "--port", "0"))!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            string? address = null;
            while (address is null && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                address = Address().Match(line) is { Success: true } match ? match.Value : null;
            }

            Assert.NotNull(address);
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
            using var knock = new System.Net.Sockets.TcpClient();
            await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => knock.ConnectAsync(System.Net.IPAddress.Loopback, other));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.DoesNotContain("\"Debug\"", await errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_refuses_an_http_store()
    {
        using var workspace = new TempFolder();
        Assert.Equal(0, CliRunner.Run(workspace.Path, "init").ExitCode);

        var result = CliRunner.Run(workspace.Path, "server", "--port", "0", "--store", "http://127.0.0.1:5000");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("a server serves a database", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_refuses_a_non_loopback_address_without_tokens()
    {
        using var workspace = new TempFolder();
        Assert.Equal(0, CliRunner.Run(workspace.Path, "init").ExitCode);

        var result = CliRunner.Run(workspace.Path, "server", "--host", "0.0.0.0", "--port", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("without authentication", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_refuses_a_token_file_that_does_not_exist_rather_than_run_without_authentication()
    {
        using var workspace = new TempFolder();
        Assert.Equal(0, CliRunner.Run(workspace.Path, "init").ExitCode);

        var result = CliRunner.Run(workspace.Path, "server", "--port", "0", "--tokens", "server-tokns.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("server-tokns.json", result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}
