using Ariadne.Data.Leakage;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Data;

public sealed class LeakageTests
{
    [Fact]
    public async Task Exact_near_duplicates_and_shared_groups_are_found_with_rows()
    {
        using var temp = new TempFolder();
        var train = temp.WriteFile("train.csv", "patient,text,dose\np1,Fever and cough,1.5\np2,headache,2\np3,rash,3\n");
        var test = temp.WriteFile("test.csv", "patient,text,dose\np9,Fever and cough,1.5\np8,  HEADACHE ,2.00\np3,nausea,4\np7,new,5\n");

        var report = await LeakageDetector.FindAsync(train, test, keyColumns: ["text", "dose"], groupColumn: "patient");

        Assert.False(report.Clean);
        Assert.Equal(1, report.ExactDuplicates);
        Assert.Equal(new LeakedRow(1, 1, "Fever and cough|1.5"), report.ExactExamples[0]);
        Assert.Equal(1, report.NearDuplicates);
        Assert.Equal(2, report.NearExamples[0].Row);
        Assert.Equal(2, report.NearExamples[0].MatchingRow);
        Assert.Equal(1, report.SharedGroups);
        Assert.Equal(["p3"], report.SharedGroupExamples);
    }

    [Fact]
    public async Task Disjoint_splits_are_clean()
    {
        using var temp = new TempFolder();
        var a = temp.WriteFile("a.csv", "id,x\n1,a\n2,b\n");
        var b = temp.WriteFile("b.csv", "id,x\n3,c\n4,d\n");

        Assert.True((await LeakageDetector.FindAsync(a, b)).Clean);
    }
}
