using Ariadne.Tests.Postgres;
using Ariadne.Tests.S3;
using Ariadne.Tests.Server;
using Ariadne.Tests.Slurm;
using Ariadne.Tests.Ui;

namespace Ariadne.Tests.Support;

/// <summary>
/// The services some tests start or call, named in an xUnit trait so a contributor can leave them out:
/// <c>dotnet test tests/Ariadne.Tests --filter "Service!=PostgreSQL&amp;Service!=Slurm"</c>. A test class (or a test
/// method) that reaches a service's entry point carries <c>[Trait(Service.Trait, Service.X)]</c>; ServiceTraitTests
/// checks that none forgets it. The full suite (./run-tests, CI) still runs them all and fails when one is missing.
/// </summary>
public static class Service
{
    public const string Trait = "Service";
    public const string PostgreSQL = "PostgreSQL";
    public const string S3 = "S3";
    public const string Slurm = "Slurm";
    public const string Chromium = "Chromium";
    public const string Python = "Python";
    public const string Node = "Node";

    public static IReadOnlyList<string> All { get; } = [PostgreSQL, S3, Slurm, Chromium, Python, Node];

    /// <summary>The types through which tests reach each service: a test that uses one of them needs that service.</summary>
    internal static IReadOnlyDictionary<Type, string> EntryPoints { get; } = new Dictionary<Type, string>
    {
        [typeof(PostgresServerFixture)] = PostgreSQL, // a throwaway PostgreSQL 15 cluster
        [typeof(S3ServerFixture)] = S3,               // s3rver (npm, run with Node.js)
        [typeof(SlurmClusterFixture)] = Slurm,        // a one-node Slurm cluster with munged
        [typeof(UiServerFixture)] = Chromium,         // Debian's Chromium driven by Playwright
        [typeof(Microsoft.Playwright.Playwright)] = Chromium,
        [typeof(ScipyReference)] = Python,            // python3 with SciPy and NumPy
        [typeof(NodeClient)] = Node,                  // the npm MLflow client, run with Node.js
        [typeof(Ariadne.Tests.Gate.CiTools)] = Node,   // @actions/workflow-parser and gitlab-ci-local, run with Node.js
        [typeof(Lineage.RoCrateReader)] = Node,       // the npm package ro-crate, run with Node.js
        [typeof(Lineage.ProvReader)] = Python,        // Debian's python3-prov
    };
}
