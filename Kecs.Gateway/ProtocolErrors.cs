using System.Text;
using System.Xml.Linq;
using Kecs.Ecs;

namespace Kecs.Gateway;

/// <summary>
/// An AWS error in the shape the caller's SDK parses, told from the request, for what the gateway answers in the place
/// of a service. Each protocol's SDKs read the code and message from their own place, and a body they cannot parse
/// comes out as a bare status without the message that says what to do:
/// <list type="bullet">
/// <item>JSON targets (awsJson1_0/1_1: Logs, SSM, Secrets Manager, Cloud Map...) and REST-JSON (Lambda...):
/// <c>__type</c> and <c>message</c>, and the <c>x-amzn-ErrorType</c> header;</item>
/// <item>query-protocol form posts (IAM, STS, ELBv2, SQS...) and the REST-XML services but S3:
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;</c>; EC2's variant of the query
/// protocol <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c>;</item>
/// <item>S3: a root <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c>.</item>
/// </list>
/// </summary>
public static class ProtocolErrors
{
    /// <summary>REST-XML services other than S3; REST calls of any other service are answered as REST-JSON.</summary>
    private static readonly HashSet<string> RestXmlServices = ["route53", "cloudfront"];

    public static Task WriteAsync(HttpContext context, int statusCode, string code, string message)
    {
        var request = context.Request;
        if (IsJson(request))
        {
            return AwsErrors.WriteAsync(context.Response, statusCode, code, message);
        }

        var service = AwsSignature.ServiceOf(request).ToString();
        var requestId = Guid.NewGuid().ToString();
        if (service == "s3")
        {
            context.Response.Headers["x-amz-request-id"] = requestId;
            return WriteXmlAsync(context.Response, statusCode, "application/xml",
                new XElement("Error", new XElement("Code", code), new XElement("Message", message), new XElement("RequestId", requestId)));
        }

        if (!IsQuery(request) && !RestXmlServices.Contains(service))
        {
            return AwsErrors.WriteAsync(context.Response, statusCode, code, message);
        }

        context.Response.Headers[AwsJsonProtocol.RequestIdHeader] = requestId;
        return WriteXmlAsync(context.Response, statusCode, "text/xml", service == "ec2"
            ? new XElement("Response",
                new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
                new XElement("RequestID", requestId))
            : new XElement("ErrorResponse",
                new XElement("Error", new XElement("Type", statusCode < 500 ? "Sender" : "Receiver"), new XElement("Code", code), new XElement("Message", message)),
                new XElement("RequestId", requestId)));
    }

    private static bool IsJson(HttpRequest request) =>
        request.Headers.ContainsKey(AwsJsonProtocol.TargetHeader)
        || (request.ContentType?.StartsWith("application/x-amz-json", StringComparison.OrdinalIgnoreCase) ?? false);

    private static bool IsQuery(HttpRequest request) =>
        (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ?? false)
        || request.Query.ContainsKey("Action");

    private static Task WriteXmlAsync(HttpResponse response, int statusCode, string contentType, XElement body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting));
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes).AsTask();
    }
}
