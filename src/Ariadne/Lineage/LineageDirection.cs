namespace Ariadne.Lineage;

/// <summary>Which way a lineage walk goes: back to the data and code that made the target, or on to what was derived from it.</summary>
internal enum LineageDirection
{
    Upstream,
    Downstream,
}
