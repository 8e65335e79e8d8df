namespace Ariadne.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        Ariadne.S3.S3Remote.Register();
        Ariadne.Postgres.PostgresStore.Register();
        return CliApp.RunAsync(args, CliApp.ConsoleContext());
    }
}
