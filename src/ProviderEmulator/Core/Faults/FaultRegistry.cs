using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ProviderEmulator.Core.Faults;

/// <summary>An injected fault and how many more requests it applies to (null = until cleared).</summary>
public sealed class FaultRule(string id, FaultSpec spec)
{
    public string Id { get; } = id;
    public FaultSpec Spec { get; } = spec;
    public int? Remaining { get; set; } = spec.Count;
    public int Hits { get; set; }

    public bool Matches(string? instance, string endpoint, string path, string method)
    {
        if (Spec.Instance is { } wantedInstance && !string.Equals(wantedInstance, instance, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Spec.Endpoint is { } wantedEndpoint && !string.Equals(wantedEndpoint, endpoint, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Spec.Method is { } wantedMethod && !string.Equals(wantedMethod, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Spec.Path is { } wantedPath)
        {
            // Either the full path or the path below the instance prefix.
            var relative = instance is null ? path : path.Length > instance.Length + 1 ? path[(instance.Length + 1)..] : path;
            return string.Equals(wantedPath, path, StringComparison.OrdinalIgnoreCase) ||
                   string.Equals(wantedPath, relative, StringComparison.OrdinalIgnoreCase);
        }

        return true;
    }

    public FaultInfo ToInfo() => new(Id, Spec, Remaining, Hits);
}

/// <summary>Faults injected through the control API; the first matching rule wins.</summary>
public sealed class FaultRegistry
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private long _nextId;

    public FaultRule Add(FaultSpec spec)
    {
        if (spec.Count is <= 0)
        {
            throw new ArgumentException("count must be positive when given");
        }

        lock (_gate)
        {
            var rule = new FaultRule("f" + ++_nextId, spec);
            _rules.Add(rule);
            return rule;
        }
    }

    /// <summary>Finds the first matching rule and uses up one of its hits, atomically.</summary>
    public FaultRule? Take(string? instance, string endpoint, string path, string method)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Matches(instance, endpoint, path, method));
            if (rule is null)
            {
                return null;
            }

            rule.Hits++;
            if (rule.Remaining is { } remaining)
            {
                rule.Remaining = remaining - 1;
                if (rule.Remaining == 0)
                {
                    _rules.Remove(rule);
                }
            }

            return rule;
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            return _rules.RemoveAll(r => r.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public IReadOnlyList<FaultInfo> List()
    {
        lock (_gate)
        {
            return _rules.Select(r => r.ToInfo()).ToList();
        }
    }
}
