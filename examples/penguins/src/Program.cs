// The penguins trainer: one small program, one verb per pipeline stage (see ../ariadne.yaml).
// Run by 'ariadne repro', each verb logs into its stage's tracked run through the Ariadne SDK (ARIADNE_RUN_ID).
using Penguins;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Penguins ingest|clean|validate|split|train|evaluate|test <args>");
    return 2;
}

var rest = args[1..];
switch (args[0])
{
    case "ingest":
        Stages.Ingest(rest[0], rest[1]);
        return 0;
    case "clean":
        Stages.Clean(rest[0], rest[1]);
        return 0;
    case "validate":
        return await DataQuality.ValidateAsync(rest[0], rest[1], rest[2]) ? 0 : 1;
    case "split":
        await DataQuality.SplitAsync(rest[0], rest[1], Params.Load("params.yaml"));
        return 0;
    case "train":
        await Training.TrainAsync(rest[0], rest[1], Params.Load("params.yaml"));
        return 0;
    case "evaluate":
        await Evaluation.EvaluateAsync(rest[0], rest[1], rest[2]);
        return 0;
    case "test":
        await DataQuality.TestAsync(rest[0], rest[1], Params.Load("params.yaml"));
        return 0;
    default:
        Console.Error.WriteLine($"unknown verb '{args[0]}'");
        return 2;
}
