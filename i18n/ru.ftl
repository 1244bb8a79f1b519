# Русский: the list, a person's page and the action pages. Messages not here fall
# back to English.

site-title = Политические заключённые
site-tagline = Люди, лишённые свободы за свою работу или убеждения
nav-take-action = Действовать
nav-statistics = Статистика
nav-report = Отчёт
nav-open-data = Открытые данные
nav-feed = Лента
footer-data = Данные: открытый реестр этой организации.
language = Язык
back-to-list = Назад к списку

error-not-found = Не найдено
error-bad-request = Неверный запрос
error-other = Ошибка

list-heading-now = Находятся в заключении сейчас
list-heading-held = В заключении на { $date }
list-heading-status = Со статусом «{ $status }» на { $date }
list-count-held = { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[other] { $count } человек
} в заключении на { $date }.
list-count-status = { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[other] { $count } человек
} со статусом «{ $status }» на { $date }.
filter-name = Имя
filter-status = Статус
filter-held-any = в заключении (все)
filter-country = Страна
filter-any = все
filter-category = Категория
filter-as-of = На дату
filter-sort = Сортировка
sort-name = по имени
sort-arrested = по дате ареста
filter-show = Показать
col-name = Имя
col-country = Страна
col-status = Статус
col-arrested = Арестован(а)
col-expected-release = Ожидаемое освобождение
col-category = Категория
page-prev = ← назад
page-next = вперёд →
page-of = страница { $page } из { $pages }

person-also-written = Другие написания:
person-country = Страна
person-born = Год рождения
person-category = Категория
person-affiliation = Организация
person-detention = Заключение
person-detention-from = В заключении с { $date }
person-detention-by = В заключении не позднее чем с { $date } (источник не называет точный день)
person-arrested-in = Место ареста
person-arrested-by = Кем арестован(а)
person-charges = Обвинения
person-article = Статья { $article }
person-court = Суд
person-held-at = Место содержания
person-expected-release = Ожидаемое освобождение
person-pace-yes = Политический заключённый по резолюции ПАСЕ 1900 (2012), критерии { $criteria }
person-pace-no = Оценка по резолюции ПАСЕ 1900 (2012): ни один критерий не выполнен
person-timeline = Хронология
person-months = { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[other] { $months } месяцев
}
person-next-hearing = следующее заседание { $date }
person-source = источник
person-json = Эта страница в формате JSON

actions-title = Действовать
actions-intro = Открытые срочные акции: прочитайте о деле, отправьте письмо и сообщите нам об этом.
actions-until = до { $date }
actions-none = Сейчас открытых срочных акций нет.
action-closed = Эта акция завершена. Спасибо всем, кто написал.
action-write-before = Напишите до { $date }.
action-who = В защиту
action-person = арестован(а) { $date }, под стражей { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[other] { $days } дней
}
action-in = в учреждении: { $facility }
action-charged = обвинение по статьям { $charges }
action-ask = Наши требования
action-write = Напишите письмо
action-copy = Скопируйте письмо, подпишите его и отправьте почтой или по электронной почте.
action-pack-pdf = Все письма для печати (PDF)
action-pack-html = веб-страницей
action-to = Адресат: { $name }
action-letter-to = Письмо: { $name }
action-thanks = Спасибо: ваше письмо учтено.
action-limit = С этого подключения за последний час уже учтено несколько писем, поэтому это письмо не учтено. Спасибо; попробуйте позже.
action-sent-button = Я отправил(а) письмо
action-sent-so-far = { $count ->
    [one] письмо отправлено
    [few] письма отправлено
   *[other] писем отправлено
} на сегодня. Мы храним только число: никаких сведений о вас.
action-were-sent = { $count ->
    [one] письмо отправлено
    [few] письма отправлено
   *[other] писем отправлено
}.

status-detained_pretrial = под стражей до суда
status-house_arrest = под домашним арестом
status-on_trial = под судом
status-imprisoned = отбывает наказание
status-released = освобождён(а)
status-deceased = умер(ла)
status-whereabouts_unknown = местонахождение неизвестно

category-journalist = журналист
category-human_rights_defender = правозащитник
category-lawyer = адвокат
category-activist = активист
category-opposition_member = член оппозиции
category-religious_believer = верующий
category-blogger = блогер
category-academic = учёный
category-trade_unionist = профсоюзный деятель
category-other = другое
category-none = без категории

event-arrested = арест
event-charged = предъявлено обвинение
event-remanded = мера пресечения — арест
event-house_arrest = домашний арест
event-transferred = этапирование
event-hearing = судебное заседание
event-sentenced = приговор
event-appeal_filed = подана апелляция
event-appeal_decided = решение по апелляции
event-released = освобождение
event-died_in_custody = смерть под стражей
event-disappeared = исчезновение
event-health_concern = проблемы со здоровьем
event-hunger_strike = голодовка
event-ill_treatment_reported = сообщение о жестоком обращении
event-visit_denied = отказ в свидании

reason-served = срок отбыт
reason-pardoned = помилование
reason-amnesty = амнистия
reason-acquitted = оправдание
reason-conditional = условно-досрочное освобождение
reason-bail = залог
reason-exchanged = обмен
reason-charges_dropped = обвинения сняты
reason-other = другое
