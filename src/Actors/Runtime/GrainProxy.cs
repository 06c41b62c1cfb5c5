using System.Reflection;

namespace GitIntegration.Actors.Runtime;

/// <summary>The object behind every grain reference; forwards each call to the call invoker.</summary>
public class GrainProxy : DispatchProxy
{
    private GrainId _id;
    private GrainInterfaceInfo _interface = null!;
    private IGrainCallInvoker _invoker = null!;

    public GrainId GrainId => _id;

    internal static TGrain Create<TGrain>(GrainId id, GrainInterfaceInfo info, IGrainCallInvoker invoker)
    {
        var proxy = Create<TGrain, GrainProxy>();
        var self = (GrainProxy)(object)proxy!;
        self._id = id;
        self._interface = info;
        self._invoker = invoker;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (!_interface.Methods.TryGetValue(targetMethod, out var method))
        {
            if (targetMethod.DeclaringType == typeof(object))
                return targetMethod.Invoke(this, args);
            throw new NotSupportedException($"{targetMethod.Name} is not a grain method of {_interface.Interface.Name}.");
        }
        return method.ProxyDispatch(_invoker, _id, method, args ?? []);
    }

    public override string ToString() => $"GrainReference({_id})";
}
