using GitIntegration.Actors.Storage;

using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Actors.Runtime;

/// <summary>
/// A grain implementation: how to construct it (services from DI, persistent states by name) and
/// its scheduling attributes.
/// </summary>
public sealed class GrainClassInfo
{
    private readonly ConstructorInvoker _constructor;
    private readonly Func<IServiceProvider, ActivationData, object>[] _argumentFactories;

    internal GrainClassInfo(GrainInterfaceInfo @interface, Type implementation)
    {
        Interface = @interface;
        Implementation = implementation;
        Reentrant = implementation.IsDefined(typeof(ReentrantAttribute), inherit: false);
        KeepAlive = implementation.IsDefined(typeof(KeepAliveAttribute), inherit: false);
        IsRemindable = typeof(IRemindable).IsAssignableFrom(implementation);

        var constructors = implementation.GetConstructors();
        if (constructors.Length != 1)
            throw new ArgumentException($"{implementation.Name} must have exactly one public constructor.");
        var constructor = constructors[0];
        _constructor = ConstructorInvoker.Create(constructor);
        _argumentFactories = constructor.GetParameters().Select(ArgumentFactory).ToArray();
    }

    public GrainInterfaceInfo Interface { get; }
    public Type Implementation { get; }
    public bool Reentrant { get; }
    public bool KeepAlive { get; }
    public bool IsRemindable { get; }

    internal Grain Create(IServiceProvider services, ActivationData activation)
    {
        var args = new object[_argumentFactories.Length];
        for (var i = 0; i < args.Length; i++)
            args[i] = _argumentFactories[i](services, activation);
        ActivationData.Constructing = activation;
        try
        {
            return (Grain)_constructor.Invoke(args.AsSpan());
        }
        finally
        {
            ActivationData.Constructing = null;
        }
    }

    private Func<IServiceProvider, ActivationData, object> ArgumentFactory(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var stateAttribute = parameter.GetCustomAttribute<PersistentStateAttribute>();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IPersistentState<>))
        {
            if (stateAttribute is null)
                throw new ArgumentException($"{Implementation.Name}: parameter '{parameter.Name}' needs [PersistentState(\"name\")].");
            var stateType = type.GetGenericArguments()[0];
            if (stateType.GetConstructor(Type.EmptyTypes) is null)
                throw new ArgumentException($"{Implementation.Name}: state type {stateType.Name} needs a parameterless constructor.");
            var stateName = stateAttribute.StateName;
            var concrete = typeof(PersistentState<>).MakeGenericType(stateType);
            return (services, activation) =>
            {
                var state = (IStateLoader)Activator.CreateInstance(concrete, stateName, activation, services.GetRequiredService<StateStore>())!;
                activation.AddState(state);
                return state;
            };
        }
        return (services, _) => services.GetRequiredService(type);
    }
}
