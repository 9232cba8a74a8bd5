using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Scari.Web.Data;

/// <summary>Writes DateTime as UTC and reads it back marked as UTC, whatever the provider returns.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
