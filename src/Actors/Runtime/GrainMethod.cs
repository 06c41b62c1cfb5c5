using System.Linq.Expressions;
using System.Reflection;

namespace GitIntegration.Actors.Runtime;

/// <summary>
/// One grain interface method: how to call it on an activation and how a proxy turns the
/// runtime's Task&lt;T&gt; back into the declared Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.
/// </summary>
public sealed class GrainMethod
{
    private static readonly MethodInfo DispatchOpen =
        typeof(GrainMethod).GetMethod(nameof(Dispatch), BindingFlags.NonPublic | BindingFlags.Static)!;

    internal GrainMethod(MethodInfo method)
    {
        Method = method;
        Name = method.Name;
        ParameterTypes = method.GetParameters().Select(p => p.ParameterType).ToArray();
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: false);
        Idempotent = method.IsDefined(typeof(IdempotentAttribute), inherit: false);

        var returnType = method.ReturnType;
        if (returnType == typeof(Task) || returnType == typeof(ValueTask))
            ResultType = null;
        else if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>)
                                              || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            ResultType = returnType.GetGenericArguments()[0];
        else
            throw new ArgumentException(
                $"{method.DeclaringType?.Name}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>.");
        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
            throw new ArgumentException($"{method.DeclaringType?.Name}.{method.Name} must not have ref or out parameters.");

        IsValueTask = returnType == typeof(ValueTask)
                      || returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>);
        Invoke = CompileInvoke(method);
        var dispatch = DispatchOpen.MakeGenericMethod(ResultType ?? typeof(object));
        ProxyDispatch = (Func<IGrainCallInvoker, GrainId, GrainMethod, object?[], object>)
            Delegate.CreateDelegate(typeof(Func<IGrainCallInvoker, GrainId, GrainMethod, object?[], object>), dispatch);
    }

    public MethodInfo Method { get; }
    public string Name { get; }
    public Type[] ParameterTypes { get; }

    /// <summary>The T of Task&lt;T&gt;/ValueTask&lt;T&gt;, or null for Task/ValueTask.</summary>
    public Type? ResultType { get; }

    public bool IsValueTask { get; }
    public bool AlwaysInterleave { get; }

    /// <summary>Safe to deliver again after a silo failure (see <see cref="IdempotentAttribute"/>).</summary>
    public bool Idempotent { get; }

    /// <summary>Calls the method on a grain instance; ValueTasks come back as Tasks.</summary>
    internal Func<object, object?[], Task> Invoke { get; }

    internal Func<IGrainCallInvoker, GrainId, GrainMethod, object?[], object> ProxyDispatch { get; }

    /// <summary>Reads the result of a completed task returned by <see cref="Invoke"/>.</summary>
    internal T ResultOf<T>(Task completed) =>
        ResultType is null ? default!
        : completed is Task<T> typed ? typed.Result
        : (T)BoxedResult(completed)!; // a remote call executed here asks for object

    private Func<Task, object?> BoxedResult => _boxedResult ??= CompileBoxedResult();
    private Func<Task, object?>? _boxedResult;

    private Func<Task, object?> CompileBoxedResult()
    {
        var task = Expression.Parameter(typeof(Task), "task");
        var taskType = typeof(Task<>).MakeGenericType(ResultType!);
        var result = Expression.Property(Expression.Convert(task, taskType), "Result");
        return Expression.Lambda<Func<Task, object?>>(Expression.Convert(result, typeof(object)), task).Compile();
    }

    private static object Dispatch<T>(IGrainCallInvoker invoker, GrainId id, GrainMethod method, object?[] args)
    {
        var task = invoker.InvokeAsync<T>(id, method, args);
        if (!method.IsValueTask)
            return task;
        return method.ResultType is null ? new ValueTask(task) : new ValueTask<T>(task);
    }

    private static Func<object, object?[], Task> CompileInvoke(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(
            Expression.Convert(grain, method.DeclaringType!),
            method,
            method.GetParameters().Select((p, i) =>
                (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
        Expression body = call;
        if (method.ReturnType == typeof(ValueTask) || method.ReturnType.IsGenericType
            && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            body = Expression.Call(call, method.ReturnType.GetMethod(nameof(ValueTask.AsTask))!);
        body = Expression.Convert(body, typeof(Task));
        return Expression.Lambda<Func<object, object?[], Task>>(body, grain, args).Compile();
    }
}
