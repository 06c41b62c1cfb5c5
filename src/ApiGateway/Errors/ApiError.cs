namespace GitIntegration.ApiGateway.Errors;

/// <summary>Coder's error body: <c>{"message","detail","validations":[{"field","detail"}]}</c>.</summary>
public sealed record ApiError(string Message, string Detail, IReadOnlyList<ValidationError> Validations)
{
    public ApiError(string message, string? detail = null) : this(message, detail ?? "", []) { }

    public static ApiError ForField(string message, string field, string detail) => new(message, detail, [new ValidationError(field, detail)]);
}

public sealed record ValidationError(string Field, string Detail);
