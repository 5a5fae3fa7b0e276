//! Without a display the app explains itself in one line and exits non-zero, without a panic.
#![cfg(feature = "gui")]

#[test]
fn without_a_display_georisk_explains_and_points_to_help() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_georisk"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("georisk --help"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
