//! Where `e` writes an export when the config says nothing: the member's documents folder
//! (XDG_DOCUMENTS_DIR, else ~/文档 or ~/Documents by language), in a `xuexi` folder. One test
//! in its own binary: it sets HOME and XDG_CONFIG_HOME for the process.

use xuexi::cli::Global;
use xuexi::service::bootstrap::Env;

#[test]
fn exports_go_to_the_members_documents_folder() {
    let home = tempfile::tempdir().unwrap();
    let config_home = home.path().join(".config");
    std::fs::create_dir_all(&config_home).unwrap();
    // SAFETY: the only test of this binary; no other thread reads the environment meanwhile
    unsafe {
        std::env::set_var("HOME", home.path());
        std::env::set_var("XDG_CONFIG_HOME", &config_home);
        std::env::remove_var("XDG_DOCUMENTS_DIR");
    }
    let empty = home.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let env = |lang: &str, config: &std::path::Path| {
        Env::resolve(&Global {
            data_dir: Some(home.path().join("data")),
            config: Some(config.to_path_buf()),
            lang: Some(lang.into()),
            profile: None,
        })
        .unwrap()
    };
    // no documents folder set: named in the member's language
    assert_eq!(
        env("zh-CN", &empty).export_dir(),
        home.path().join("文档").join("xuexi")
    );
    assert_eq!(
        env("en", &empty).export_dir(),
        home.path().join("Documents").join("xuexi")
    );
    // the desktop's documents folder (user-dirs.dirs), whatever its name
    std::fs::write(
        config_home.join("user-dirs.dirs"),
        "XDG_DOCUMENTS_DIR=\"$HOME/我的文档\"\n",
    )
    .unwrap();
    assert_eq!(
        env("en", &empty).export_dir(),
        home.path().join("我的文档").join("xuexi")
    );
    // the config's [export] dir wins, ~ being the home folder
    let cfg = home.path().join("c.toml");
    std::fs::write(&cfg, "[export]\ndir = \"~/述学\"\n").unwrap();
    assert_eq!(env("zh-CN", &cfg).export_dir(), home.path().join("述学"));
}
