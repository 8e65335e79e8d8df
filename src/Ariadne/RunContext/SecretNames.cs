namespace Ariadne.RunContext;

/// <summary>
/// Which names look like they hold a secret. Environment variables with such names are never recorded, whatever the
/// allow-list says, and command-line options with such names have their values replaced by <see cref="Mask"/>.
/// </summary>
internal static class SecretNames
{
    public const string Mask = "***";

    /// <summary>Matched case-insensitively anywhere in a name: <c>HF_TOKEN</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>db-password</c>.</summary>
    public static readonly IReadOnlyList<string> Markers = ["SECRET", "TOKEN", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL"];

    public static bool LooksSecret(string name)
    {
        foreach (var marker in Markers)
        {
            if (name.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The command line with secret option values masked: <c>--api-key=abc</c> becomes <c>--api-key=***</c>, and in
    /// <c>--token abc</c> the <c>abc</c> becomes <c>***</c>. The program name (first argument) is kept as is.
    /// </summary>
    public static IReadOnlyList<string> MaskCommandLine(IReadOnlyList<string> args)
    {
        var masked = new List<string>(args.Count);
        var maskNext = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (maskNext && !arg.StartsWith('-'))
            {
                masked.Add(Mask);
                maskNext = false;
                continue;
            }

            maskNext = false;
            if (i > 0 && arg.StartsWith('-') && arg.Length > 1)
            {
                var equals = arg.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? arg : arg[..equals];
                if (LooksSecret(name))
                {
                    if (equals < 0)
                    {
                        maskNext = true;
                    }
                    else
                    {
                        arg = arg[..(equals + 1)] + Mask;
                    }
                }
            }

            masked.Add(arg);
        }

        return masked;
    }
}
