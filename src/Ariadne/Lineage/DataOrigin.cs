namespace Ariadne.Lineage;

/// <summary>Where a piece of data on a lineage path came from.</summary>
internal enum DataOrigin
{
    /// <summary>Not looked at yet, or not needed in this direction.</summary>
    Unknown,

    /// <summary>A recorded run wrote these bytes (or, for a folder, every file in it).</summary>
    Run,

    /// <summary>Raw data: a pointer file tracks these bytes.</summary>
    Pointer,

    /// <summary>Code or configuration: the file is in git at the commit the reading run recorded.</summary>
    Git,

    /// <summary>Nothing explains these bytes: no recorded run wrote them, no pointer file tracks them, git does not hold them.</summary>
    Gap,
}
