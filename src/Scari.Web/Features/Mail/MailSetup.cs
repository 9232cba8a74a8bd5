namespace Scari.Web.Features.Mail;

public static class MailSetup
{
    public static IServiceCollection AddScariMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration("Mail").ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MailOptions>, MailOptionsValidator>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<MailTransport>();
        services.AddScoped<Outbox>();
        services.AddScoped<OutboxAdmin>();
        services.AddSingleton<MailTemplate>();
        services.AddScoped<Notices>();
        services.AddSingleton<OutboxDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDelivery>());
        return services;
    }
}
