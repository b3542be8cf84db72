using System.Net;

namespace Kecs.Scheduler.Companion;

/// <summary>An AWS service in the companion refused a call: its error code (<c>ParameterNotFound</c>, <c>NoSuchKey</c>…) and message.</summary>
public sealed class AwsServiceException(string service, string code, string message, HttpStatusCode status)
    : Exception($"{service}: {code}: {message}")
{
    public string Code { get; } = code;

    public string ServiceMessage { get; } = message;

    public HttpStatusCode Status { get; } = status;

    /// <summary>True when the caller asked for something that is not there or not allowed; false for a fault worth retrying.</summary>
    public bool IsClientError => (int)Status is >= 400 and < 500 && Status != HttpStatusCode.TooManyRequests;
}
