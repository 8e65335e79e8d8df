// Trains the weather classifier: ML.NET multiclass logistic regression (L-BFGS maximum entropy) of the day's weather
// label (sun, rain, fog, drizzle, snow) from precipitation, temp_max, temp_min and wind.
//   dotnet bin/Weather.dll TRAIN.csv MODEL_FOLDER
// The model is saved as MODEL_FOLDER/model.zip with the input schema of the four features only (the label is mapped to
// keys outside the saved model), which is what 'ariadne serve' checks requests against.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Weather TRAIN.csv MODEL_FOLDER");
    return 2;
}

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile<Day>(args[0], separatorChar: ',', hasHeader: true);
var labelled = ml.Transforms.Conversion.MapValueToKey("Label", "weather").Fit(data).Transform(data);
var pipeline = ml.Transforms.Concatenate("Features", "precipitation", "temp_max", "temp_min", "wind")
    .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
    {
        LabelColumnName = "Label",
        FeatureColumnName = "Features",
        NumberOfThreads = 1,
    }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
var model = pipeline.Fit(labelled);
var metrics = ml.MulticlassClassification.Evaluate(model.Transform(labelled));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained on {args[0]}: training accuracy {metrics.MicroAccuracy:F3}"));

Directory.CreateDirectory(args[1]);
var schema = ml.Data.LoadFromEnumerable(Array.Empty<DayFeatures>()).Schema;
ml.Model.Save(model, schema, Path.Combine(args[1], "model.zip"));
return 0;

/// <summary>A row of data/seattle-weather.csv: date, precipitation, temp_max, temp_min, wind, weather.</summary>
internal sealed class Day
{
    [LoadColumn(1), ColumnName("precipitation")]
    public float Precipitation { get; set; }

    [LoadColumn(2), ColumnName("temp_max")]
    public float TempMax { get; set; }

    [LoadColumn(3), ColumnName("temp_min")]
    public float TempMin { get; set; }

    [LoadColumn(4), ColumnName("wind")]
    public float Wind { get; set; }

    [LoadColumn(5), ColumnName("weather")]
    public string Weather { get; set; } = "";
}

/// <summary>What a client sends to /predict: the four measurements, named as in the CSV.</summary>
internal sealed class DayFeatures
{
    [ColumnName("precipitation")]
    public float Precipitation { get; set; }

    [ColumnName("temp_max")]
    public float TempMax { get; set; }

    [ColumnName("temp_min")]
    public float TempMin { get; set; }

    [ColumnName("wind")]
    public float Wind { get; set; }
}
