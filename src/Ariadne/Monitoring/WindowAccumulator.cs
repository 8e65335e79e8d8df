using System.Globalization;
using Ariadne.Data.Profiling;
using Ariadne.Data.Reading;

namespace Ariadne.Monitoring;

/// <summary>One window's values while the log streams through: numbers in growing arrays, categories as counts, and the labelled (prediction, label) pairs.</summary>
internal sealed class WindowAccumulator
{
    private readonly List<ValueAccumulator?> _features = [];
    private readonly List<string> _predictedTexts = [];
    private readonly List<string> _labelTexts = [];
    private readonly List<double> _scores = [];
    private readonly List<double[]?> _classScores = [];
    private readonly List<double> _predictedNumbers = [];
    private readonly List<double> _labelNumbers = [];

    public long Rows { get; set; }

    /// <summary>Labelled rows of a regressor whose label is not a number: left out of its metrics, and said in a note.</summary>
    public long TextLabelsSkipped { get; private set; }

    public ValueAccumulator Prediction { get; } = new();

    public ValueAccumulator Feature(int index)
    {
        while (_features.Count <= index)
        {
            _features.Add(null);
        }

        return _features[index] ??= new ValueAccumulator();
    }

    public ValueAccumulator? FeatureOrNull(int index) => index < _features.Count ? _features[index] : null;

    /// <summary>Adds a labelled row: its prediction, the predicted class's score, each class's probability (the log's score.{class} columns, by the monitor's class list; null without them) and the label.</summary>
    public void AddLabelled(ColumnBatch predictions, int row, double score, double[]? classScores, MonitorLabels.Label label)
    {
        if (predictions.Kinds[row] == CellKind.Number)
        {
            if (double.IsFinite(label.Number))
            {
                _predictedNumbers.Add(predictions.Numbers[row]);
                _labelNumbers.Add(label.Number);
            }
            else
            {
                TextLabelsSkipped++;
            }
        }
        else
        {
            _predictedTexts.Add(predictions.GetText(row)!);
            _labelTexts.Add(label.Text);
            _scores.Add(score);
            _classScores.Add(classScores);
        }
    }

    public WindowPerformance? Performance(bool classifier, IReadOnlyList<string> scoreClasses) => classifier
        ? _predictedTexts.Count == 0 ? null : WindowPerformance.Classification(_predictedTexts, _labelTexts, _scores, scoreClasses, _classScores)
        : _predictedNumbers.Count == 0 ? null : WindowPerformance.Regression(_predictedNumbers, _labelNumbers);

    /// <summary>A column's non-missing values in one window.</summary>
    internal sealed class ValueAccumulator
    {
        private double[] _numbers = new double[256];
        private int _count;
        private Dictionary<string, long>? _texts;

        public void Add(ColumnBatch column, int row)
        {
            switch (column.Kinds[row])
            {
                case CellKind.Number:
                    if (_count == _numbers.Length)
                    {
                        Array.Resize(ref _numbers, _numbers.Length * 2);
                    }

                    _numbers[_count++] = column.Numbers[row];
                    break;
                case CellKind.Null:
                    break;
                default:
                    _texts ??= new Dictionary<string, long>(StringComparer.Ordinal);
                    var text = column.GetText(row)!;
                    _texts[text] = _texts.GetValueOrDefault(text) + 1;
                    break;
            }
        }

        /// <summary>Numbers as a sorted sample; any text makes the column categorical (numbers then count as their text).</summary>
        public ColumnDistribution Distribution(string name)
        {
            if (_texts is null)
            {
                var sorted = _numbers.AsSpan(0, _count).ToArray();
                Array.Sort(sorted);
                return ColumnDistribution.Numeric(name, sorted);
            }

            var counts = new Dictionary<string, long>(_texts, StringComparer.Ordinal);
            for (var i = 0; i < _count; i++)
            {
                var key = _numbers[i].ToString("R", CultureInfo.InvariantCulture);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            return ColumnDistribution.Categorical(name, counts);
        }
    }
}
