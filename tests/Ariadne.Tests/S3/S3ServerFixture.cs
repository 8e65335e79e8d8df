using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ariadne.Remotes;

namespace Ariadne.Tests.S3;

/// <summary>
/// A real S3-compatible server for the tests: s3rver (npm, installed under tests/services) on 127.0.0.1, a free port
/// and a temporary data folder. Started once for the whole S3 collection and killed afterwards.
/// </summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    /// <summary>s3rver's built-in account.</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    /// <summary>The bucket created at start-up; tests put their objects under a fresh prefix of it.</summary>
    public const string SharedBucket = "ariadne-tests";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly List<string> _serverOutput = [];
    private Process? _process;

    /// <summary>The folder s3rver keeps buckets in: <c>&lt;bucket&gt;/&lt;key&gt;._S3rver_object</c>.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ariadne-s3rver", Guid.NewGuid().ToString("N")[..12]);

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var script = FindServerScript();
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        Directory.CreateDirectory(DataDirectory);

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--directory", DataDirectory, "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned no process.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Could not start 'node' to run s3rver ({e.Message}). Install Node.js (node must be on PATH) and run 'npm ci --prefix tests/services' from the repository root.", e);
        }

        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitUntilAnsweringAsync();

        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = SharedBucket });
    }

    /// <summary>Settings for a remote at <paramref name="url"/> on this server, with s3rver's credentials and optional extra options.</summary>
    public RemoteSettings Settings(string url, params (string Key, string Value)[] extra)
    {
        var options = new Dictionary<string, string>
        {
            ["endpoint"] = Endpoint.ToString(),
            ["region"] = "us-east-1",
            ["access_key_id"] = AccessKey,
            ["secret_access_key"] = SecretKey,
        };
        foreach (var (key, value) in extra)
        {
            options[key] = value;
        }

        return new RemoteSettings("s3-test", url, options);
    }

    /// <summary>A URL on the shared bucket under a prefix no other test uses.</summary>
    public string FreshUrl() => $"s3://{SharedBucket}/{Guid.NewGuid():N}";

    /// <summary>Creates a new, empty bucket and returns its name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = "b-" + Guid.NewGuid().ToString("N")[..16];
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>Where s3rver keeps the bytes of <paramref name="key"/> in <paramref name="bucket"/> on disk.</summary>
    public string ObjectFileOf(string bucket, string key) =>
        Path.Combine([DataDirectory, bucket, .. key.Split('/')]) + "._S3rver_object";

    /// <summary>A plain SDK client for this server, for arranging and inspecting state outside the store under test.</summary>
    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint.ToString(),
        AuthenticationRegion = "us-east-1",
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public Task DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        try
        {
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is not a test failure.
        }

        return Task.CompletedTask;
    }

    private static string FindServerScript()
    {
        var root = FindRepositoryRoot();
        var script = Path.Combine(root, "tests", "services", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"s3rver is not installed ({script} is missing), so the S3 tests cannot run. Run 'npm ci --prefix tests/services' from the repository root ({root}) and run the tests again.");
        }

        return script;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ariadne.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"Could not find the repository root (a folder with Ariadne.sln) above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException(
                    $"s3rver exited with code {_process.ExitCode} before answering. Its output:{Environment.NewLine}{Output()}{Environment.NewLine}Reinstall it with 'npm ci --prefix tests/services'.");
            }

            try
            {
                using var response = await http.GetAsync(Endpoint);
                return; // Any HTTP answer (even 403 for the anonymous bucket list) means it is up.
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"s3rver did not answer on {Endpoint} within {StartTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{Output()}");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_serverOutput)
        {
            _serverOutput.Add(line);
        }
    }

    private string Output()
    {
        lock (_serverOutput)
        {
            return string.Join(Environment.NewLine, _serverOutput);
        }
    }
}
