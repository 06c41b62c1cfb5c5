using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using GitIntegration.Grains.Telemetry;

namespace GitIntegration.ApiGateway.Metrics;

/// <summary>
/// Collects the service's instruments with a MeterListener (the shared "GitIntegration" meter and the gateway's own
/// meter made through its IMeterFactory) and renders them in the Prometheus text exposition format. The framework's
/// meters (Kestrel, routing, ...) share that factory but are left out: recording them costs on every request.
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly IMeterFactory _meterFactory;

    public PrometheusMetrics(IMeterFactory meterFactory)
    {
        _meterFactory = meterFactory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GitIntegrationMetrics.MeterName
                || (instrument.Meter.Name == GatewayMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, _meterFactory)))
            {
                _instruments.TryAdd(instrument, new InstrumentSeries(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var series in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            series.WriteTo(text);
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var series))
            series.Record(value, tags);
    }

    /// <summary>One instrument's values per label set.</summary>
    private sealed class InstrumentSeries
    {
        private const int MaxStackKey = 512;

        private readonly Instrument _instrument;
        private readonly ConcurrentDictionary<string, Values> _byLabels = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Values>.AlternateLookup<ReadOnlySpan<char>> _byRawKey;
        private readonly string _type;

        public InstrumentSeries(Instrument instrument)
        {
            _instrument = instrument;
            _byRawKey = _byLabels.GetAlternateLookup<ReadOnlySpan<char>>();
            _type = instrument switch
            {
                Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => "counter",
                Histogram<long> or Histogram<int> or Histogram<double> => "histogram",
                _ => "gauge",
            };
            Name = PrometheusName(instrument);
        }

        public string Name { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // Found by a key written on the stack, so a measurement of a known series allocates nothing; the
            // sorted, escaped labels are made once, when the series first appears.
            Span<char> buffer = stackalloc char[MaxStackKey];
            if (!TryWriteRawKey(tags, buffer, out var written) || !_byRawKey.TryGetValue(buffer[..written], out var values))
                values = _byLabels.GetOrAdd(RawKey(tags), new Values(_type == "histogram", Labels(tags)));
            lock (values)
            {
                if (_type == "histogram")
                    values.Observe(value);
                else if (_type == "counter" && _instrument.IsObservable)
                    values.Sum = value; // observable counters report the running total
                else if (_type == "counter" || _instrument is UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double>)
                    values.Sum += value;
                else
                    values.Sum = value;
            }
        }

        public void WriteTo(StringBuilder text)
        {
            if (_byLabels.IsEmpty)
                return;
            if (!string.IsNullOrEmpty(_instrument.Description))
                text.Append("# HELP ").Append(Name).Append(' ').Append(_instrument.Description.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
            foreach (var values in _byLabels.Values.OrderBy(v => v.Labels, StringComparer.Ordinal))
            {
                lock (values)
                {
                    if (_type == "histogram")
                        WriteHistogram(text, values.Labels, values);
                    else
                        Sample(text, Name, values.Labels, values.Sum);
                }
            }
        }

        private void WriteHistogram(StringBuilder text, string labels, Values values)
        {
            long cumulative = 0;
            for (var i = 0; i < Buckets.Length; i++)
            {
                cumulative += values.BucketCounts![i];
                Sample(text, Name + "_bucket", Join(labels, $"le=\"{Buckets[i].ToString(CultureInfo.InvariantCulture)}\""), cumulative);
            }
            Sample(text, Name + "_bucket", Join(labels, "le=\"+Inf\""), values.Count);
            Sample(text, Name + "_sum", labels, values.Sum);
            Sample(text, Name + "_count", labels, values.Count);
        }

        private static void Sample(StringBuilder text, string name, string labels, double value)
        {
            text.Append(name);
            if (labels.Length > 0)
                text.Append('{').Append(labels).Append('}');
            text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        private static string Join(string labels, string label) => labels.Length == 0 ? label : labels + "," + label;

        /// <summary>The tags in call order as key\u0001value\u0002...; false when they do not fit the buffer.</summary>
        private static bool TryWriteRawKey(ReadOnlySpan<KeyValuePair<string, object?>> tags, Span<char> buffer, out int written)
        {
            written = 0;
            foreach (var tag in tags)
            {
                if (!TryAppend(buffer, ref written, tag.Key) || !TryAppend(buffer, ref written, "\u0001"))
                    return false;
                var ok = tag.Value switch
                {
                    null => true,
                    string text => TryAppend(buffer, ref written, text),
                    ISpanFormattable formattable => TryFormat(formattable, buffer, ref written),
                    var other => TryAppend(buffer, ref written, Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
                };
                if (!ok || !TryAppend(buffer, ref written, "\u0002"))
                    return false;
            }
            return true;
        }

        private static bool TryAppend(Span<char> buffer, ref int written, ReadOnlySpan<char> text)
        {
            if (!text.TryCopyTo(buffer[written..]))
                return false;
            written += text.Length;
            return true;
        }

        private static bool TryFormat(ISpanFormattable value, Span<char> buffer, ref int written)
        {
            if (!value.TryFormat(buffer[written..], out var length, default, CultureInfo.InvariantCulture))
                return false;
            written += length;
            return true;
        }

        private static string RawKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var buffer = new char[64 * 1024];
            return TryWriteRawKey(tags, buffer, out var written)
                ? new string(buffer, 0, written)
                : string.Join('\u0002', tags.ToArray().Select(t => $"{t.Key}\u0001{t.Value}")); // absurdly long tags: still one series
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
                return "";
            var pairs = new List<KeyValuePair<string, object?>>(tags.ToArray());
            pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return string.Join(",", pairs.Select(p => $"{Sanitize(p.Key)}=\"{Escape(Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "")}\""));
        }

        private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

        private static string Sanitize(string name)
        {
            var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
            return chars.Length > 0 && char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
        }

        private static string PrometheusName(Instrument instrument)
        {
            var name = Sanitize(instrument.Name);
            if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
                name += "_seconds";
            var isCounter = instrument is Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>;
            return isCounter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
        }
    }

    private sealed class Values(bool histogram, string labels)
    {
        public readonly string Labels = labels;
        public double Sum;
        public long Count;
        public readonly long[]? BucketCounts = histogram ? new long[Buckets.Length] : null;

        public void Observe(double value)
        {
            Sum += value;
            Count++;
            for (var i = 0; i < Buckets.Length; i++)
            {
                if (value <= Buckets[i])
                {
                    BucketCounts![i]++;
                    return;
                }
            }
        }
    }
}
