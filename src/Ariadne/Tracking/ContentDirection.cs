namespace Ariadne.Tracking;

/// <summary>Which way a run touched a content hash: it read the bytes (an input) or wrote them (an artifact).</summary>
public enum ContentDirection
{
    /// <summary>The run recorded the hash as an input (<see cref="RunInput"/>).</summary>
    Read,

    /// <summary>The run recorded the hash as an artifact it produced (<see cref="RunArtifact"/>).</summary>
    Written,
}
