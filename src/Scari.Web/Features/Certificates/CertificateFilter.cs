using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// The filters of the certificates list (/admin/certificados), shared by its ZIP download so that the ZIP holds the
/// live certificates of the list the person is looking at. Null means "any".
/// </summary>
public sealed record CertificateFilter(string? Search = null, string? CourseId = null, int? CohortId = null,
    DateOnly? CompletedFrom = null, DateOnly? CompletedTo = null, bool? Revoked = null)
{
    public IQueryable<Certificate> Apply(IQueryable<Certificate> certificates, ScariDbContext db)
    {
        if (CohortId is { } cohort)
        {
            var enrollments = db.Enrollments.Where(e => e.CohortId == cohort).Select(e => (int?)e.Id);
            certificates = certificates.Where(c => enrollments.Contains(c.Completion.EnrollmentId));
        }
        if (!string.IsNullOrWhiteSpace(CourseId)) certificates = certificates.Where(c => c.CourseId == CourseId);
        if (CompletedFrom is { } from) certificates = certificates.Where(c => c.CompletedOn >= from);
        if (CompletedTo is { } to) certificates = certificates.Where(c => c.CompletedOn <= to);
        if (Revoked == true) certificates = certificates.Where(c => c.RevokedUtc != null);
        if (Revoked == false) certificates = certificates.Where(c => c.RevokedUtc == null);
        return string.IsNullOrWhiteSpace(Search) ? certificates : Matching(certificates, Search.Trim());
    }

    /// <summary>
    /// <paramref name="path"/> with this filter's search, course, cohort and dates as the list's query string (the state
    /// is left out: the ZIP holds live certificates only), and the list's notice <paramref name="aviso"/>; empty values
    /// are left out.
    /// </summary>
    public string Url(string path, string? aviso = null) =>
        QueryHelpers.AddQueryString(path, new KeyValuePair<string, string?>[]
        {
            new("q", Search?.Trim()), new("curso", CourseId), new("cohorte", CohortId?.ToString(CultureInfo.InvariantCulture)),
            new("desde", CompletedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("hasta", CompletedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("aviso", aviso),
        }.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));

    /// <summary>
    /// A whole code, however it was typed (<see cref="CertificateCode.Normalize"/>); else, when the term has digits,
    /// the start of a document number or a piece of a code; else every word somewhere in the holder's name.
    /// </summary>
    private static IQueryable<Certificate> Matching(IQueryable<Certificate> certificates, string term)
    {
        if (CertificateCode.Normalize(term) is { } code) return certificates.Where(c => c.Code == code);
        var number = DocumentRules.Normalize(term);
        if (number.Length >= 3 && number.Any(char.IsAsciiDigit))
        {
            var piece = term.ToUpperInvariant();
            return certificates.Where(c => c.DocumentNumber.StartsWith(number) || c.Code.Contains(piece));
        }
        foreach (var word in term.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            certificates = certificates.Where(c => c.HolderName.ToLower().Contains(word));
        return certificates;
    }
}
