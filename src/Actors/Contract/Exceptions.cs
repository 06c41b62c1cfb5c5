namespace GitIntegration.Actors;

/// <summary>A state write or clear presented an ETag the store no longer holds.</summary>
public class InconsistentStateException(string message, string? storedEtag = null, string? currentEtag = null)
    : Exception(message)
{
    public string? StoredEtag { get; } = storedEtag;
    public string? CurrentEtag { get; } = currentEtag;
}

/// <summary>A grain call did not complete within the call timeout; its outcome is unknown.</summary>
public class GrainCallTimeoutException(string message) : TimeoutException(message);

/// <summary>A grain key that is empty, too long or has characters outside the allowed set.</summary>
public class InvalidGrainKeyException(string message) : ArgumentException(message);

/// <summary>A serialized state larger than <c>ActorsOptions.MaxStateBytes</c>.</summary>
public class StateTooLargeException(string message) : InvalidOperationException(message);

/// <summary>A grain exception that crossed a process boundary and whose type could not be rebuilt.</summary>
public class GrainCallException(string remoteType, string message) : Exception(message)
{
    public string RemoteType { get; } = remoteType;
}
