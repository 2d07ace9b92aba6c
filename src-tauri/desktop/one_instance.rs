//! One Rapport per user session on Linux and the BSDs, through GLib's own application
//! uniqueness (GApplication on the session bus, already linked by the window): a second
//! launch asks the running Rapport to show its window and ends.

use gio::prelude::*;

/// How this launch goes on.
pub enum Launch {
    /// This is the running Rapport; it hears later launches through the instance.
    First(Instance),
    /// Rapport already runs and was asked to show its window: this process ends.
    Again,
}

/// The running Rapport's claim on its name; later launches arrive through it.
pub struct Instance(Option<gio::Application>);

/// Claims the session's Rapport under `id` (the app's identifier). Without a session bus
/// there is no way to find another Rapport: this one runs alone.
pub fn claim(id: &str) -> Launch {
    let app = gio::Application::new(Some(id), gio::ApplicationFlags::empty());
    if app.register(None::<&gio::Cancellable>).is_err() {
        return Launch::First(Instance(None));
    }
    if !app.is_remote() {
        return Launch::First(Instance(Some(app)));
    }
    app.activate();
    // The request leaves on a bus thread; it must be out before the process ends.
    if let Some(bus) = app.dbus_connection() {
        let _ = bus.flush_sync(None::<&gio::Cancellable>);
    }
    Launch::Again
}

impl Instance {
    /// Runs `then` on the main thread whenever Rapport is launched again.
    pub fn on_next_launch(&self, then: impl Fn() + 'static) {
        if let Some(app) = &self.0 {
            app.connect_activate(move |_| then());
        }
    }
}
