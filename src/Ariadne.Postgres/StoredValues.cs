using System.Globalization;
using Ariadne.Tracking;

namespace Ariadne.Postgres;

/// <summary>How experiment ids are spelled in the tables (statuses and stages: <see cref="StoredNames"/>, shared by every store).</summary>
internal static class StoredValues
{
    /// <summary>Experiment ids are numbers in the database and strings in the model; anything else names no experiment.</summary>
    public static bool TryParseExperimentId(string? id, out long value) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static string ExperimentId(long id) => id.ToString(CultureInfo.InvariantCulture);
}
