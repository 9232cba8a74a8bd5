using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Courses;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.Privacy;
using Scari.Web.Features.InPerson;

namespace Scari.Web.Data;

/// <summary>
/// The one model of SCARI. Each database provider has a sealed subclass with its own migrations
/// (see Data/README.md), so the model is written once and migrated twice.
/// </summary>
public abstract class ScariDbContext(DbContextOptions options)
    : IdentityDbContext<ScariUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SetupToken> SetupTokens => Set<SetupToken>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();

    public DbSet<Person> People => Set<Person>();
    public DbSet<PersonDocument> PersonDocuments => Set<PersonDocument>();
    public DbSet<DuplicateDismissal> DuplicateDismissals => Set<DuplicateDismissal>();
    public DbSet<PersonMerge> PersonMerges => Set<PersonMerge>();
    public DbSet<Dependencia> Dependencias => Set<Dependencia>();
    public DbSet<Colegio> Colegios => Set<Colegio>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<SignInCode> SignInCodes => Set<SignInCode>();
    public DbSet<CourseVersion> CourseVersions => Set<CourseVersion>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<Cohort> Cohorts => Set<Cohort>();
    public DbSet<LessonProgress> LessonProgress => Set<LessonProgress>();
    public DbSet<QuizAttempt> QuizAttempts => Set<QuizAttempt>();
    public DbSet<ExerciseAttempt> ExerciseAttempts => Set<ExerciseAttempt>();
    public DbSet<Completion> Completions => Set<Completion>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<CertificateSigningKey> CertificateSigningKeys => Set<CertificateSigningKey>();
    public DbSet<CredentialSigningKey> CredentialSigningKeys => Set<CredentialSigningKey>();
    public DbSet<CredentialHolder> CredentialHolders => Set<CredentialHolder>();
    public DbSet<CertificateDocumentCheck> CertificateDocumentChecks => Set<CertificateDocumentCheck>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Features.People.Import.ImportBatch> ImportBatches => Set<Features.People.Import.ImportBatch>();
    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();
    public DbSet<Attendance> Attendances => Set<Attendance>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();
    public DbSet<Features.Reminders.ReminderSend> ReminderSends => Set<Features.Reminders.ReminderSend>();
    public DbSet<Features.Reminders.JobLease> JobLeases => Set<Features.Reminders.JobLease>();
    public DbSet<PersonAttributes> PersonAttributes => Set<PersonAttributes>();
    public DbSet<CutoffPublication> CutoffPublications => Set<CutoffPublication>();
    public DbSet<PopulationBatch> PopulationBatches => Set<PopulationBatch>();
    public DbSet<PopulationFigure> PopulationFigures => Set<PopulationFigure>();
    public DbSet<Features.Mail.OutboxMessage> OutboxMessages => Set<Features.Mail.OutboxMessage>();
    public DbSet<Features.Surveys.SurveyResponse> SurveyResponses => Set<Features.Surveys.SurveyResponse>();
    public DbSet<Features.Surveys.SurveyReceipt> SurveyReceipts => Set<Features.Surveys.SurveyReceipt>();

    // The audit log and published cut-offs are append-only (AuditGuard, CutoffGuard); every change of a person's counted attributes is kept (PersonHistory).
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditGuard.RefuseRewrites(ChangeTracker);
        CutoffGuard.RefuseRewrites(ChangeTracker);
        PersonKeys.Refresh(ChangeTracker);
        PersonHistory.RecordAsync(this, default).GetAwaiter().GetResult();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AuditGuard.RefuseRewrites(ChangeTracker);
        CutoffGuard.RefuseRewrites(ChangeTracker);
        PersonKeys.Refresh(ChangeTracker);
        await PersonHistory.RecordAsync(this, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ScariDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Stored times are UTC DateTime on both providers (SQLite cannot compare DateTimeOffset in SQL).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
