//! Marks the build when a PostgreSQL test server (or a chromedriver) is configured, so
//! the PostgreSQL half of the test suite (or the browser test) runs there and is
//! reported as ignored, with the reason, elsewhere.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(habeas_pg_tests)");
    println!("cargo::rustc-check-cfg=cfg(habeas_browser_tests)");
    println!("cargo::rerun-if-env-changed=HABEAS_TEST_CHROMEDRIVER");
    if std::env::var("HABEAS_TEST_CHROMEDRIVER").is_ok_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=habeas_browser_tests");
    }
    println!("cargo::rerun-if-env-changed=HABEAS_TEST_PG_URL");
    if std::env::var("HABEAS_TEST_PG_URL").is_ok_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=habeas_pg_tests");
    }
}
