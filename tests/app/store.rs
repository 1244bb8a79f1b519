//! The store contract: one body per behaviour, run on SQLite and PostgreSQL.

use habeas::domain::*;
use habeas::store::{Dossier, DossierCase, DossierEvent, StoreError};

use crate::helpers::{TestDb, on_both, stamp};

pub fn person(name: &str) -> NewPerson {
    NewPerson {
        names: vec![PersonName::new(
            NameText::parse(name).unwrap(),
            NameKind::Legal,
        )],
        birth_year: Some(1985),
        gender: Some(Gender::Female),
        country: Some("AZ".parse().unwrap()),
        categories: vec![Category::Journalist],
        affiliations: vec!["Free Press Union".into()],
        bio: Some(Leveled::new("Investigative reporter.", Level::Public)),
        notes: Some(Leveled::new("Family visits on Tuesdays.", Level::Internal)),
        contacts: Some(Leveled::new("sister +994 50 000 00 00", Level::Restricted)),
        level: Level::Public,
    }
}

pub fn case(person: PersonId, arrested: &str) -> NewCase {
    NewCase {
        person,
        country: Some("AZ".parse().unwrap()),
        arrested: PartialDate::parse(arrested).unwrap(),
        place: Some("Baku".into()),
        arresting_body: Some("Police".into()),
        charges: vec![Charge::parse("206.3.2=Smuggling").unwrap()],
        court: None,
        facility: Some("Pre-trial Detention Centre No. 1".into()),
        assessment: Some(Assessment {
            criteria: vec![Criterion::A, Criterion::E],
            reasoning: "Detained for reporting.".into(),
            assessor: "Reviewer".into(),
            date: Date::parse("2024-04-01").unwrap(),
            level: Level::Public,
        }),
        level: Level::Public,
    }
}

pub fn event(case: CaseId, kind: EventKind, date: &str) -> NewEvent {
    NewEvent::new(case, kind, PartialDate::parse(date).unwrap())
}

async fn a_person_reads_back_as_written(db: &TestDb) {
    let store = db.store().await;
    let mut p = person("Leyla Məmmədova");
    p.names.push(PersonName {
        lang: Some("ru".into()),
        ..PersonName::new(
            NameText::parse("Лейла Мамедова").unwrap(),
            NameKind::Transliteration,
        )
    });
    let id = store.add_person(&stamp(), &p).await.unwrap();
    let back = store.person(id).await.unwrap();
    assert_eq!(back.data, p);
    assert_eq!(back.data.names[1].script, Script::Cyrillic);
    assert!(matches!(
        store.person(PersonId(999)).await,
        Err(StoreError::NotFound {
            entity: "person",
            id: 999
        })
    ));
}
on_both!(
    a_person_reads_back_as_written,
    a_person_reads_back_as_written
);

async fn status_and_expected_release_follow_the_events(db: &TestDb) {
    let store = db.store().await;
    let p = store
        .add_person(&stamp(), &person("Anar Əliyev"))
        .await
        .unwrap();
    let c = store
        .add_case(&stamp(), &case(p, "2024-03-01"))
        .await
        .unwrap();
    let mut sentenced = event(c, EventKind::Sentenced, "2024-09-10");
    sentenced.sentence_months = Some(60);
    store
        .add_event(
            &stamp(),
            &sentenced,
            &[NewSource::from_url("https://example.org/verdict").unwrap()],
        )
        .await
        .unwrap();
    let reg = store.registry().await.unwrap();
    let events = reg.events_of(c);
    assert_eq!(events.len(), 2);
    assert_eq!(
        status_at(&events, Date::parse("2024-05-01").unwrap()),
        Some(Status::DetainedPretrial)
    );
    assert_eq!(
        status_at(&events, Date::parse("2025-01-01").unwrap()),
        Some(Status::Imprisoned)
    );
    assert_eq!(
        expected_release(&events),
        Some(PartialDate::parse("2029-03-01").unwrap())
    );
    let sources = &events[1].data.sources;
    assert_eq!(
        reg.source(sources[0]).unwrap().data.url.as_deref(),
        Some("https://example.org/verdict")
    );
}
on_both!(
    status_and_expected_release_follow_the_events,
    status_and_expected_release_follow_the_events
);

async fn a_contradicting_event_is_refused_and_nothing_is_written(db: &TestDb) {
    let store = db.store().await;
    let p = store
        .add_person(&stamp(), &person("Rəşad Həsənov"))
        .await
        .unwrap();
    let c = store
        .add_case(&stamp(), &case(p, "2024-05-02"))
        .await
        .unwrap();
    let before = store.verify_audit().await.unwrap().unwrap();
    let err = store
        .add_event(
            &stamp(),
            &event(c, EventKind::Released, "2024-03-01"),
            &[NewSource::from_url("https://example.org/x").unwrap()],
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "released on 2024-03-01 (the new event) is before arrested on 2024-05-02 (event 1)"
    );
    let future = store
        .add_event(&stamp(), &event(c, EventKind::Hearing, "2030-01-01"), &[])
        .await
        .unwrap_err();
    assert!(future.to_string().contains("is in the future"), "{future}");
    let missing = store
        .add_event(
            &stamp(),
            &event(CaseId(77), EventKind::Hearing, "2024-06-01"),
            &[],
        )
        .await
        .unwrap_err();
    assert!(matches!(
        missing,
        StoreError::NotFound {
            entity: "case",
            id: 77
        }
    ));
    assert_eq!(
        store.verify_audit().await.unwrap().unwrap(),
        before,
        "no audit entry"
    );
    let reg = store.registry().await.unwrap();
    assert_eq!(reg.events.len(), 1);
    assert!(
        reg.sources.is_empty(),
        "the source of a refused event is not kept"
    );
}
on_both!(
    a_contradicting_event_is_refused_and_nothing_is_written,
    a_contradicting_event_is_refused_and_nothing_is_written
);

async fn restricted_values_need_the_right_key_and_the_rest_stays_readable(db: &TestDb) {
    let store = db.store().await;
    let id = store
        .add_person(&stamp(), &person("Günel Quliyeva"))
        .await
        .unwrap();
    store.close().await;

    let missing = db.dir.path().join("no-such.key");
    let locked = db.store_with_key(&missing).await;
    let p = locked.person(id).await.unwrap();
    assert_eq!(
        p.data.contacts,
        Some(Leveled {
            value: None,
            level: Level::Restricted
        })
    );
    assert_eq!(
        p.data.notes.as_ref().unwrap().value.as_deref(),
        Some("Family visits on Tuesdays.")
    );
    assert_eq!(p.primary_name(), "Günel Quliyeva");
    let err = locked
        .add_person(&stamp(), &person("Tofiq Səfərov"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no key file at"), "{err}");
    let mut public_only = person("Tofiq Səfərov");
    public_only.contacts = None;
    locked.add_person(&stamp(), &public_only).await.unwrap();
    locked.close().await;

    let other = db.dir.path().join("other.key");
    habeas::crypto::Keyring::create_file(&other).unwrap();
    let wrong = db.store_with_key(&other).await;
    assert_eq!(
        wrong.person(id).await.unwrap().data.contacts.unwrap().value,
        None
    );
    let err = wrong
        .add_person(&stamp(), &person("Elçin Nəsirov"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("wrong key file"), "{err}");
    assert_eq!(wrong.registry().await.unwrap().people.len(), 2);
}
on_both!(
    restricted_values_need_the_right_key_and_the_rest_stays_readable,
    restricted_values_need_the_right_key_and_the_rest_stays_readable
);

async fn a_bulk_load_is_all_or_nothing(db: &TestDb) {
    let store = db.store().await;
    let good = Dossier {
        person: person("Aynur Rəhimova"),
        cases: vec![],
    };
    let mut bad_case = DossierCase {
        case: case(PersonId(0), "2024-01-10"),
        events: vec![],
    };
    bad_case.events.push(DossierEvent {
        event: event(CaseId(0), EventKind::AppealDecided, "2024-02-01"),
        sources: vec![],
    });
    let bad = Dossier {
        person: person("Tural Bağırov"),
        cases: vec![bad_case],
    };
    let (index, err) = store
        .add_dossiers(&stamp(), &[good.clone(), bad])
        .await
        .unwrap_err();
    assert_eq!(index, 1);
    assert!(err.to_string().contains("no appeal was filed"), "{err}");
    assert!(store.registry().await.unwrap().people.is_empty());
    assert_eq!(store.verify_audit().await.unwrap().unwrap().0, 0);
    store.add_dossiers(&stamp(), &[good]).await.unwrap();
    assert_eq!(store.registry().await.unwrap().people.len(), 1);
}
on_both!(a_bulk_load_is_all_or_nothing, a_bulk_load_is_all_or_nothing);

async fn the_same_demo_seed_gives_the_same_record(db: &TestDb) {
    let store = db.store().await;
    let dossiers = habeas::demo::dossiers(7, 0, 60);
    store.add_dossiers(&stamp(), &dossiers).await.unwrap();
    let reg = store.registry().await.unwrap();
    assert_eq!(reg.people.len(), 60);
    assert!(
        reg.people
            .iter()
            .any(|p| p.data.names.iter().any(|n| n.script == Script::Cyrillic))
    );
    assert!(
        reg.people
            .iter()
            .any(|p| p.data.country.map(|c| c.to_string()) == Some("BY".into()))
    );
    // Same seed, same content: compare with the generator's own output.
    for (p, d) in reg.people.iter().zip(&dossiers) {
        assert_eq!(p.data, d.person);
    }
    let arrested: Vec<PartialDate> = dossiers
        .iter()
        .flat_map(|d| d.cases.iter().map(|c| c.case.arrested))
        .collect();
    let stored: Vec<PartialDate> = reg
        .cases
        .iter()
        .map(|c| {
            reg.events_of(c.id)
                .iter()
                .find(|e| e.data.kind == EventKind::Arrested)
                .unwrap()
                .data
                .date
        })
        .collect();
    assert_eq!(stored, arrested);
    assert_eq!(habeas::demo::dossiers(7, 0, 60).len(), 60);
    assert_eq!(
        format!("{:?}", habeas::demo::dossier(7, 5)),
        format!("{:?}", dossiers[5])
    );
    assert_ne!(
        format!("{:?}", habeas::demo::dossier(8, 5)),
        format!("{:?}", dossiers[5])
    );
}
on_both!(
    the_same_demo_seed_gives_the_same_record,
    the_same_demo_seed_gives_the_same_record
);

async fn an_edit_keeps_the_id_and_its_history_and_verifies(db: &TestDb) {
    let store = db.store().await;
    let id = store
        .add_person(&stamp(), &person("Leyla Mammadova"))
        .await
        .unwrap();
    let c = store
        .add_case(&stamp(), &case(id, "2024-03-01"))
        .await
        .unwrap();
    let mut edited = person("Leyla Məmmədova");
    edited.names.push(PersonName::new(
        NameText::parse("Лейла Мамедова").unwrap(),
        NameKind::Transliteration,
    ));
    edited.birth_year = Some(1986);
    edited.contacts = Some(Leveled::new("lawyer +994 55 111 11 11", Level::Restricted));
    let later = habeas::store::Stamp {
        actor: "editor".into(),
        ..stamp()
    };
    store.update_person(&later, id, &edited).await.unwrap();
    assert_eq!(store.person(id).await.unwrap().data, edited);
    let reg = store.registry_of(id).await.unwrap();
    assert_eq!(
        reg.cases_of(id).map(|c| c.id).collect::<Vec<_>>(),
        vec![c],
        "the case stays with the person"
    );
    let history = store.history("person", id.0).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| (h.action.as_str(), h.actor.as_str()))
            .collect::<Vec<_>>(),
        vec![("create", "test"), ("update", "editor")]
    );
    let update = &history[1];
    assert_eq!(update.before, history[0].after, "before is the last after");
    let after = update.after.as_deref().unwrap();
    assert!(after.contains("Лейла Мамедова") && after.contains("1986"));
    assert!(
        !after.contains("lawyer +994"),
        "restricted values stay sealed in the log"
    );
    assert!(store.verify_audit().await.unwrap().is_ok());

    let log = store
        .log(&habeas::store::LogFilter {
            actor: Some("editor".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].seq, update.seq);

    let missing = store
        .update_person(&later, PersonId(999), &edited)
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound { id: 999, .. }));
    let mut no_names = edited.clone();
    no_names.names.clear();
    let err = store
        .update_person(&later, id, &no_names)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("at least one name"), "{err}");
    store.close().await;

    // Without the key the sealed contacts could not have been shown, so an edit that
    // would overwrite them is refused and the record stays as it was.
    let locked = db.store_with_key(&db.dir.path().join("no-such.key")).await;
    let mut blind = edited.clone();
    blind.contacts = None;
    let err = locked.update_person(&later, id, &blind).await.unwrap_err();
    assert!(err.to_string().contains("no key file"), "{err}");
    assert_eq!(locked.history("person", id.0).await.unwrap().len(), 2);
}
on_both!(
    an_edit_keeps_the_id_and_its_history_and_verifies,
    an_edit_keeps_the_id_and_its_history_and_verifies
);

async fn cases_events_and_sources_are_corrected_without_breaking_the_timeline(db: &TestDb) {
    let store = db.store().await;
    let p = store
        .add_person(&stamp(), &person("Leyla Məmmədova"))
        .await
        .unwrap();
    let c = store
        .add_case(&stamp(), &case(p, "2024-03-01"))
        .await
        .unwrap();
    let article = NewSource::from_url("https://example.org/news/1").unwrap();
    let mut s = event(c, EventKind::Sentenced, "2024-09-01");
    s.sentence_months = Some(60);
    let sentenced = store
        .add_event(&stamp(), &s, std::slice::from_ref(&article))
        .await
        .unwrap();
    let reg = store.registry_of(p).await.unwrap();
    let arrest = reg.events_of(c)[0].id;
    let source = reg.events_of(c)[1].data.sources[0];

    // The case: new charges and an earlier arrest date, which moves the arrest event.
    let mut fixed = case(p, "2024-02-27");
    fixed.charges = vec![Charge::parse("283.2.3=Incitement").unwrap()];
    store.update_case(&stamp(), c, &fixed).await.unwrap();
    let reg = store.registry_of(p).await.unwrap();
    assert_eq!(reg.cases_of(p).next().unwrap().charges, fixed.charges);
    let events = reg.events_of(c);
    assert_eq!(events[0].data.date.to_string(), "2024-02-27");
    assert_eq!(events[1].data.sources, vec![source], "links are kept");

    // An arrest moved after the sentence would break the timeline: refused, unchanged.
    let (head, _) = store.head().await.unwrap();
    let late = case(p, "2024-10-01");
    let err = store.update_case(&stamp(), c, &late).await.unwrap_err();
    assert!(err.to_string().contains("no longer fits"), "{err}");
    assert_eq!(store.head().await.unwrap().0, head);

    // The event: a corrected sentence keeps its source; it cannot become an arrest.
    let mut corrected = events[1].data.clone();
    corrected.sentence_months = Some(72);
    store
        .update_event(&stamp(), sentenced, &corrected, &[])
        .await
        .unwrap();
    let back = &store.registry_of(p).await.unwrap().events_of(c)[1];
    assert_eq!(back.data.sentence_months, Some(72));
    assert_eq!(back.data.sources, vec![source]);
    let mut wrong = corrected.clone();
    wrong.kind = EventKind::Arrested;
    wrong.sentence_months = None;
    let err = store
        .update_event(&stamp(), sentenced, &wrong, &[])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("stays an arrest"), "{err}");
    let mut before_arrest = corrected.clone();
    before_arrest.date = PartialDate::parse("2023-12-01").unwrap();
    let err = store
        .update_event(&stamp(), sentenced, &before_arrest, &[])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("before arrested"), "{err}");
    let _ = arrest;

    // The source: a better title; another source's address is refused.
    let mut titled = article.clone();
    titled.title = Some("Journalist sentenced".into());
    store
        .update_source(&stamp(), source, &titled)
        .await
        .unwrap();
    let other = store
        .add_source(
            &stamp(),
            &NewSource::from_url("https://example.org/news/2").unwrap(),
        )
        .await
        .unwrap();
    let err = store
        .update_source(&stamp(), other, &article)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already has the address"), "{err}");
    let reg = store.registry().await.unwrap();
    assert_eq!(
        reg.source(source).unwrap().data.title.as_deref(),
        Some("Journalist sentenced")
    );

    let actions: Vec<(String, String)> = store
        .log(&habeas::store::LogFilter {
            limit: 20,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.action == "update")
        .map(|c| (c.entity, c.action))
        .collect();
    assert_eq!(actions.len(), 4, "source, event, case, arrest: {actions:?}");
    assert!(store.verify_audit().await.unwrap().is_ok());
}
on_both!(
    cases_events_and_sources_are_corrected_without_breaking_the_timeline,
    cases_events_and_sources_are_corrected_without_breaking_the_timeline
);
