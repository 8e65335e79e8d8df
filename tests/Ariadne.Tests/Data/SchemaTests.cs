using Ariadne.Data.Schema;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Data;

public sealed class SchemaTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", name);

    [Fact]
    public async Task Inferred_schema_round_trips_through_yaml_and_validates_its_own_data()
    {
        using var temp = new TempFolder();
        var schema = await SchemaInference.InferAsync(Fixture("seattle-weather.csv"));
        var path = temp.WriteFile("schema.yaml", SchemaFile.ToYaml(schema));

        var read = SchemaFile.Read(path);
        var report = await SchemaValidator.ValidateAsync(Fixture("seattle-weather.csv"), read);

        Assert.Equal(ColumnType.Datetime, read.Columns.Single(c => c.Name == "date").Type);
        Assert.True(read.Columns.Single(c => c.Name == "date").Unique);
        Assert.Equal(ColumnType.Number, read.Columns.Single(c => c.Name == "wind").Type);
        Assert.Equal(["drizzle", "fog", "rain", "snow", "sun"], read.Columns.Single(c => c.Name == "weather").Allowed);
        Assert.True(report.Valid, string.Join("\n", report.Failures));
    }

    [Fact]
    public async Task Every_failing_check_is_listed_with_counts_and_example_rows()
    {
        using var temp = new TempFolder();
        var data = temp.WriteFile("people.csv",
            "id,age,country,code,team,member\n" +
            "1,34,DE,AB-1,red,1\n" +
            "2,-3,FR,AB-2,red,2\n" +
            "2,41,XX,bad,blue,1\n" +
            "4,,DE,AB-4,red,1\n" +
            "5,abc,DE,AB-5,blue,9\n" +
            "6,250,,AB-6,blue,9\n");
        var schema = temp.WriteFile("schema.yaml", """
            format: 1
            rows: {min: 10, max: 100}
            columns:
              - {name: id, type: integer, nullable: false, unique: true}
              - {name: age, type: integer, nullable: true, max_null_share: 0.1, min: 0, max: 120}
              - {name: country, type: string, nullable: false, allowed: [DE, FR]}
              - {name: code, type: string, pattern: 'AB-\d+'}
              - {name: salary, type: number}
            unique_together:
              - [team, member]
            """);

        var report = await SchemaValidator.ValidateAsync(data, SchemaFile.Read(schema));

        Assert.False(report.Valid);
        CheckResult Failure(string? column, string check) => report.Failures.Single(c => c.Column == column && c.Check == check);
        Assert.Equal([3L], Failure("id", "unique").Examples.Select(e => e.Row));
        Assert.Equal([5L], Failure("age", "type").Examples.Select(e => e.Row));
        Assert.Equal("abc", Failure("age", "type").Examples[0].Value);
        Assert.Equal([2L], Failure("age", "min").Examples.Select(e => e.Row));
        Assert.Equal([6L], Failure("age", "max").Examples.Select(e => e.Row));
        Assert.Equal(1, Failure("age", "null_share").Failures);
        Assert.Equal([3L], Failure("country", "allowed").Examples.Select(e => e.Row));
        Assert.Equal([6L], Failure("country", "not_null").Examples.Select(e => e.Row));
        Assert.Equal([3L], Failure("code", "pattern").Examples.Select(e => e.Row));
        Assert.Contains("the file has: id, age", Failure("salary", "present").Expectation);
        Assert.Equal([4L, 6L], Failure("team+member", "unique_together").Examples.Select(e => e.Row));
        Assert.Equal(1, Failure(null, "min_rows").Failures);
        Assert.DoesNotContain(report.Failures, c => c.Check == "max_rows");
    }

    [Fact]
    public void A_malformed_schema_says_where()
    {
        using var temp = new TempFolder();
        var schema = temp.WriteFile("schema.yaml", "format: 1\ncolumns:\n  - {name: a, type: decimal}\n");

        var error = Assert.Throws<AriadneException>(() => SchemaFile.Read(schema));

        Assert.Contains("column 'a'", error.Message);
        Assert.Contains("type 'decimal' is unknown", error.Message);
    }
}
