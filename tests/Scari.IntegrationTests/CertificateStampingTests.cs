using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Certificates;

namespace Scari.IntegrationTests;

/// <summary>
/// Stamping a certificate costs two round trips however much goes into it (the completion, the person, the course,
/// the holder's subject id, existing certificates and the mail recipient in one read; the certificate, the holder,
/// the audit entry and the notice in one SaveChanges). On PostgreSQL and on SQLite.
/// </summary>
public abstract class CertificateStampingTests(IAppFixture fixture, bool batchesWrites)
{
    private ScariAppFactory App => fixture.App;

    /// <summary>One read; on PostgreSQL the writes travel in one batch too (SQLite, in process, runs each statement alone).</summary>
    private void AssertTwoRoundTrips(SqlWrites sql)
    {
        Assert.True(sql.Reads <= 1, $"emitir un certificado costó {sql.Reads} lecturas:\n{string.Join("\n--\n", sql.ReadTexts)}");
        if (batchesWrites) Assert.True(sql.Commands <= 2, $"emitir un certificado costó {sql.Commands} consultas");
    }

    private Task<Certificate?> IssueAsync(int completionId) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(completionId, default));

    [Fact]
    public async Task Issuing_reads_once_and_writes_once_with_the_holder_the_audit_entry_and_the_notice()
    {
        await IssueAsync((await App.CreateCompletionAsync("Primera", "Firma", "1000000101")).CompletionId); // the signing key exists from here on
        var seeded = await App.CreateCompletionAsync("Rosa", "Villalba", "1000000102");

        var (certificate, sql) = await SqlWrites.RecordAsync(() => IssueAsync(seeded.CompletionId));

        Assert.NotNull(certificate);
        AssertTwoRoundTrips(sql);
        Assert.Equal(1, sql.Count("INSERT", "Certificates"));
        Assert.Equal(1, sql.Count("INSERT", "CredentialHolders"));
        Assert.Equal(1, sql.Count("INSERT", "AuditEntries"));
        Assert.Equal(1, sql.Count("INSERT", "OutboxMessages"));
        var notice = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Subject.Contains(certificate!.CourseTitle) && m.ToAddress == "1000000102@correo.test"));
        Assert.Contains(certificate!.Code, notice.TextBody);
        Assert.Equal("Rosa Villalba", certificate.HolderName);
    }

    [Fact]
    public async Task A_second_certificate_of_the_same_person_reuses_the_holder_and_asking_again_returns_the_live_one()
    {
        var first = await App.CreateCompletionAsync("Iván", "Rueda", "1000000103");
        var one = await IssueAsync(first.CompletionId);
        var again = await IssueAsync(first.CompletionId);
        Assert.Equal(one!.Code, again!.Code);

        var other = await App.WithDbAsync(async db =>
        {
            var completion = await db.Completions.AsNoTracking().SingleAsync(c => c.Id == first.CompletionId);
            completion.Id = 0;
            completion.EnrollmentId = null;
            completion.CourseVersionId = null;
            completion.CourseId = "otro-curso-de-prueba";
            db.Completions.Add(completion);
            await db.SaveChangesAsync();
            return completion.Id;
        });
        var (second, sql) = await SqlWrites.RecordAsync(() => IssueAsync(other));
        AssertTwoRoundTrips(sql);
        Assert.Equal(0, sql.Count("INSERT", "CredentialHolders"));
        Assert.Equal("otro-curso-de-prueba", second!.CourseId);
    }

    [Fact]
    public async Task A_revoked_certificate_is_not_issued_again_and_a_minor_gets_no_notice()
    {
        var seeded = await App.CreateCompletionAsync("Tomás", "Arrieta", "1000000105");
        var issued = await IssueAsync(seeded.CompletionId);
        await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().RevokeAsync(issued!.Code, "Error de registro", default));
        Assert.Null(await IssueAsync(seeded.CompletionId));

        var colegio = await App.CreateColegioAsync("IE-SELLO", "IE Sello");
        var student = await App.CreateCompletionAsync("Luna", "Mercado", "1000000106", colegioId: colegio);
        await App.WithDbAsync(db => db.People.Where(p => p.Id == student.PersonId).ExecuteUpdateAsync(s => s.SetProperty(p => p.BirthDate, DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-15))));
        var (certificate, sql) = await SqlWrites.RecordAsync(() => IssueAsync(student.CompletionId));
        Assert.NotNull(certificate);
        Assert.Equal(0, sql.Count("INSERT", "OutboxMessages"));
    }
}

public sealed class PostgresCertificateStampingTests(PostgresApp app) : CertificateStampingTests(app, batchesWrites: true), IClassFixture<PostgresApp>;

public sealed class SqliteCertificateStampingTests(SqliteApp app) : CertificateStampingTests(app, batchesWrites: false), IClassFixture<SqliteApp>;
