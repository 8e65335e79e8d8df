using Ariadne.Remotes;

namespace Ariadne.S3;

/// <summary>
/// The S3-compatible remote plugin (AWS S3, MinIO, Ceph RGW, s3rver…). Call <see cref="Register"/> once at start-up
/// and remotes with URLs like <c>s3://bucket/prefix</c> open through <see cref="ObjectStoreRegistry"/>.
/// </summary>
public static class S3Remote
{
    /// <summary>The URL scheme this plugin serves.</summary>
    public const string Scheme = "s3";

    /// <summary>Registers the <c>s3://</c> scheme with the <see cref="ObjectStoreRegistry"/>. Safe to call more than once.</summary>
    public static void Register() => ObjectStoreRegistry.Register(Scheme, settings => new S3ObjectStore(settings));
}
