using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// The fields a certificate's signature covers, and their canonical JSON: fixed property order, invariant
/// formats (dates <c>yyyy-MM-dd</c>, instants <c>yyyy-MM-ddTHH:mm:ssZ</c>), no whitespace, non-ASCII escaped.
/// </summary>
public sealed record SignedFields(
    string Code,
    string HolderName,
    string DocumentType,
    string DocumentNumber,
    string CourseId,
    string CourseTitle,
    string CourseVersion,
    int Hours,
    DateOnly CompletedOn,
    string SignatoryTitle,
    string EntityName,
    DateTime IssuedUtc)
{
    public const string Format = "scari-certificado-1";

    public static SignedFields Of(Certificate c) => new(
        c.Code, c.HolderName, c.DocumentType, c.DocumentNumber, c.CourseId, c.CourseTitle, c.CourseVersion,
        c.Hours, c.CompletedOn, c.SignatoryTitle, c.EntityName, c.IssuedUtc);

    public byte[] CanonicalJson()
    {
        using var buffer = new MemoryStream(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("code", Code);
            w.WriteString("holderName", HolderName);
            w.WriteString("documentType", DocumentType);
            w.WriteString("documentNumber", DocumentNumber);
            w.WriteString("courseId", CourseId);
            w.WriteString("courseTitle", CourseTitle);
            w.WriteString("courseVersion", CourseVersion);
            w.WriteNumber("hours", Hours);
            w.WriteString("completedOn", CompletedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("signatoryTitle", SignatoryTitle);
            w.WriteString("entityName", EntityName);
            w.WriteString("issuedUtc", FormatInstant(IssuedUtc));
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public string CanonicalText() => Encoding.UTF8.GetString(CanonicalJson());

    public static string FormatInstant(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Stored instants keep whole seconds, so the canonical text survives a database round trip.</summary>
    public static DateTime TruncateToSeconds(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
