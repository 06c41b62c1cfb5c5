using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using GitIntegration.ProviderEmulator.Core.Diagnostics;
using GitIntegration.ProviderEmulator.Core.Faults;

namespace GitIntegration.ProviderEmulator.Core;

/// <summary>Everything the emulator knows, in memory: instances, faults and counters.</summary>
public sealed partial class EmulatorState
{
    private ConcurrentDictionary<string, ProviderInstance> _instances = new(StringComparer.OrdinalIgnoreCase);

    public EmulatorState(TimeProvider clock)
    {
        Clock = clock;
        CreateDefaults();
    }

    public TimeProvider Clock { get; }
    public FaultRegistry Faults { get; } = new();
    public EmulatorCounters Counters { get; } = new();

    public ProviderInstance? Find(string name) => _instances.GetValueOrDefault(name);

    public IReadOnlyList<ProviderInstance> All() => _instances.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();

    public ProviderInstance Create(string name, ProviderType type)
    {
        if (!ValidName().IsMatch(name))
        {
            throw new ArgumentException("instance name must be lowercase letters, digits, '-', '_' or '.', starting with a letter or digit");
        }

        var instance = new ProviderInstance(name, type, Clock, Counters);
        if (!_instances.TryAdd(name, instance))
        {
            throw new InvalidOperationException($"instance '{name}' already exists");
        }

        return instance;
    }

    public bool Remove(string name) => _instances.TryRemove(name, out _);

    /// <summary>Forgets everything and creates the default instances again.</summary>
    public void Reset()
    {
        _instances = new ConcurrentDictionary<string, ProviderInstance>(StringComparer.OrdinalIgnoreCase);
        Faults.Clear();
        Counters.Reset();
        CreateDefaults();
    }

    private void CreateDefaults()
    {
        foreach (var type in Enum.GetValues<ProviderType>())
        {
            Create(type.ToName(), type);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex ValidName();
}
