using System.Reflection;
using Ariadne.Tests.Data;
using Ariadne.Tests.Postgres;
using Ariadne.Tests.S3;
using Ariadne.Tests.Server;
using Ariadne.Tests.Slurm;
using Ariadne.Tests.Ui;

namespace Ariadne.Tests.Support;

/// <summary>
/// Every test that needs a service carries the trait naming it, so the fast subset
/// (<c>--filter "Service!=PostgreSQL&amp;..."</c>) really leaves the service out. A test needs a service when its
/// class is in a collection or takes a fixture that starts it, or when its code (the test method, the class's
/// constructors and overrides, and what they call in this assembly) reaches one of <see cref="Service.EntryPoints"/>.
/// </summary>
public sealed class ServiceTraitTests
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Fact]
    public void Every_test_that_needs_a_service_carries_its_Service_trait()
    {
        var missing = TestMethods()
            .SelectMany(t => Needed(t.Class, t.Method).Except(Traits(t.Class, t.Method)).Select(service => (t.Class, t.Method, Service: service)))
            .GroupBy(m => (m.Class, m.Service))
            .Select(g => $"{g.Key.Class.FullName} needs {g.Key.Service} in {string.Join(", ", g.Select(m => m.Method.Name).Distinct())}: add [Trait(Service.Trait, Service.{g.Key.Service})] to the class (or to those test methods)")
            .ToList();

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public void Service_traits_name_a_known_service()
    {
        var unknown = TestMethods()
            .SelectMany(t => Traits(t.Class, t.Method).Except(Service.All).Select(s => $"{t.Class.FullName}.{t.Method.Name}: '{s}'"))
            .Distinct()
            .ToList();

        Assert.True(unknown.Count == 0, $"Unknown service in a Service trait (known: {string.Join(", ", Service.All)}):\n{string.Join('\n', unknown)}");
    }

    [Fact]
    public void The_check_finds_each_service_through_collections_fixtures_and_code()
    {
        Assert.Equal([Service.PostgreSQL], NeededByClass(typeof(PostgresTrackingStoreTests)));   // a collection fixture
        Assert.Equal([Service.S3], NeededByClass(typeof(S3WorkspaceTests)));                    // a collection fixture, also taken by the constructor
        Assert.Equal([Service.Slurm], NeededByClass(typeof(SlurmExecutorTests)));
        Assert.Equal([Service.Chromium], NeededByClass(typeof(WebUiTests)));
        Assert.Equal([Service.Chromium], NeededByClass(typeof(CrossSiteBrowserTests)));          // Playwright, started in InitializeAsync
        Assert.Equal([Service.Python], NeededByClass(typeof(StatisticsTests)));                  // ScipyReference, called from test methods
        Assert.Equal([Service.Node], NeededByClass(typeof(NodeMlflowClientTests)));              // NodeClient, called from an async test
        Assert.Empty(NeededByClass(typeof(DriftPlotTests)));
        Assert.Empty(NeededByClass(typeof(ServiceTraitTests)));
    }

    private static IEnumerable<(Type Class, MethodInfo Method)> TestMethods() =>
        from type in typeof(ServiceTraitTests).Assembly.GetTypes()
        where type is { IsClass: true, IsAbstract: false } && !type.IsGenericTypeDefinition
        from method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public)
        where method.IsDefined(typeof(FactAttribute), inherit: true)
        select (type, method);

    private static string[] NeededByClass(Type type) =>
        [.. TestMethods().Where(t => t.Class == type).SelectMany(t => Needed(t.Class, t.Method)).Distinct().Order(StringComparer.Ordinal)];

    private static IEnumerable<string> Needed(Type testClass, MethodInfo test)
    {
        var types = new HashSet<Type>(FixtureTypes(testClass));
        types.UnionWith(CodeReferences.TypesUsedBy([test, .. ClassCode(testClass)]));
        return types.Where(Service.EntryPoints.ContainsKey).Select(t => Service.EntryPoints[t]).Distinct();
    }

    /// <summary>Fixtures xUnit creates for the class: its collection's, its class fixtures, and its constructor parameters.</summary>
    private static IEnumerable<Type> FixtureTypes(Type testClass)
    {
        var collection = testClass.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(CollectionAttribute))?.ConstructorArguments[0].Value as string;
        var definitions = collection is null ? [] : testClass.Assembly.GetTypes().Where(t =>
            t.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CollectionDefinitionAttribute) && Equals(a.ConstructorArguments.FirstOrDefault().Value, collection)));
        return definitions.Append(testClass)
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ICollectionFixture<>) || i.GetGenericTypeDefinition() == typeof(IClassFixture<>)))
            .Select(i => i.GetGenericArguments()[0])
            .Concat(testClass.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType));
    }

    /// <summary>Code that runs for every test of the class: constructors, overrides and interface methods (InitializeAsync, Dispose), up the hierarchy.</summary>
    private static IEnumerable<MethodBase> ClassCode(Type testClass)
    {
        for (var type = testClass; type is not null && type.Assembly == testClass.Assembly; type = type.BaseType)
        {
            foreach (var constructor in type.GetConstructors(Declared))
            {
                yield return constructor;
            }

            foreach (var method in type.GetMethods(Declared).Where(m => m.IsVirtual && !m.IsDefined(typeof(FactAttribute), inherit: true)))
            {
                yield return method;
            }
        }
    }

    private static IEnumerable<string> Traits(Type testClass, MethodInfo test) =>
        testClass.GetCustomAttributesData().Concat(test.GetCustomAttributesData())
            .Where(a => a.AttributeType == typeof(TraitAttribute) && Equals(a.ConstructorArguments[0].Value, Service.Trait))
            .Select(a => (string)a.ConstructorArguments[1].Value!);
}
